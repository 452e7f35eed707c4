import type { PagePosition } from './api-types';
import type { CarrotQuestClient } from './carrotquest-client';
import { DEFAULT_RETRY_AFTER_MS } from './carrotquest-client';
import { CarrotQuestError, CarrotQuestErrorCode } from './carrotquest-error';

/** One conversation of the app's list, as the scans need it. */
export interface ScannedConversation {
  id: string;
  userId: string | null;
  /** Unix seconds. */
  created: number;
  /** Unix seconds: `last_update`, or `created` for a conversation never updated. */
  lastUpdate: number;
  /** Only `closed: false` is open; a list entry without the field counts as closed. */
  closed: boolean;
}

export interface ScannedPage {
  /** The page's conversations last updated at or after the floor, newest first. */
  conversations: ScannedConversation[];
  /** Where the next page starts (exactly as CarrotQuest sent it); null when this page is the last. */
  next: PagePosition | null;
}

export interface ConversationScanOptions {
  client: Pick<CarrotQuestClient, 'listConversations'>;
  /** Unix seconds: the scan ends at the first conversation last updated before it. */
  floor: number;
  /** Where to start: null for the newest, or a cursor kept from an earlier scan. */
  position: PagePosition | null;
  pageSize?: number;
  /** A guard against a list that never ends: more pages than this is an error. */
  maxPages?: number;
  /** A 429 asking for a longer wait than this is thrown instead of waited out. */
  maxRateLimitWaitMs?: number;
  /** Before each page: the scan waits while this many background imports (or more) wait in the queue. */
  backlog?: { pending: () => Promise<number>; max: number; pollMs?: number };
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_BACKLOG_POLL_MS = 1_000;

/**
 * The newest-first scan of a CarrotQuest app's conversations, shared by the catch-up and the backfill.
 * The list comes most recently updated first
 * (https://developers.dashly.io/webapi/endpoints/apps/conversations: "Pagination is performed by last
 * conversation update time (field last_update) in descending order"), so the scan walks down from its
 * position and ends at the first conversation last updated before `floor`. CarrotQuest's 429 is waited
 * out (its `Retry-After`). Each page is yielded before the next is read: the caller records its cursor
 * and may stop between pages by leaving the loop.
 */
export async function* scanConversations(
  options: ConversationScanOptions,
): AsyncGenerator<ScannedPage, void, undefined> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  let position = options.position;
  for (let page = 0; ; page += 1) {
    if (page >= maxPages) throw new Error(`the conversation list did not end after ${maxPages} pages`);
    if (options.backlog) {
      const { pending, max, pollMs } = options.backlog;
      while ((await pending()) >= max) await sleep(pollMs ?? DEFAULT_BACKLOG_POLL_MS);
    }
    const listed = await listWaitingOutRateLimits(options, position, sleep);
    const conversations: ScannedConversation[] = [];
    let pastFloor = false;
    for (const conversation of listed.conversations) {
      const lastUpdate = conversation.last_update ?? conversation.created;
      if (lastUpdate < options.floor) {
        pastFloor = true;
        break;
      }
      conversations.push({
        id: conversation.id,
        userId: conversation.user?.id ?? null,
        created: conversation.created,
        lastUpdate,
        closed: conversation.closed !== false,
      });
    }
    const next = pastFloor ? null : listed.next;
    yield { conversations, next };
    if (next === null) return;
    position = next;
  }
}

async function listWaitingOutRateLimits(
  options: ConversationScanOptions,
  position: PagePosition | null,
  sleep: (ms: number) => Promise<void>,
) {
  for (;;) {
    try {
      return await options.client.listConversations({ position, count: options.pageSize ?? DEFAULT_PAGE_SIZE });
    } catch (error) {
      const wait =
        error instanceof CarrotQuestError && error.code === CarrotQuestErrorCode.RateLimited
          ? (error.details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS)
          : null;
      if (wait === null || wait > (options.maxRateLimitWaitMs ?? Number.POSITIVE_INFINITY)) throw error;
      await sleep(wait);
    }
  }
}

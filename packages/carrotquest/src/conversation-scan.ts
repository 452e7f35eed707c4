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
  /** A 429 asking for a longer wait than this is thrown instead of waited out (DEFAULT_MAX_RATE_LIMIT_WAIT_MS). */
  maxRateLimitWaitMs?: number;
  /** Before each page: the scan waits while this many background imports (or more) wait in the queue. */
  backlog?: { pending: () => Promise<number>; max: number; pollMs?: number };
  /**
   * Asked before every wait (a 429, the backlog) and at least every INTERRUPT_POLL_MS while it lasts;
   * throws to end the scan (a stop was asked for, the process is stopping).
   */
  interrupt?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

/** The shortest 429 wait: `Retry-After: 0` must not turn the scan into a hot loop against CarrotQuest. */
export const MIN_RATE_LIMIT_WAIT_MS = 1_000;
/**
 * The longest 429 a scan waits out unless told otherwise; a longer one is thrown to the caller (which
 * ends or reschedules its run). Also keeps every wait far below setTimeout's 2^31 ms limit, above which
 * Node fires after 1 ms.
 */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 5 * 60_000;
/** How often a wait asks `interrupt` whether to stop. */
export const INTERRUPT_POLL_MS = 1_000;

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
      while ((await pending()) >= max) await interruptibleSleep(pollMs ?? DEFAULT_BACKLOG_POLL_MS, sleep, options);
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
      const asked =
        error instanceof CarrotQuestError && error.code === CarrotQuestErrorCode.RateLimited
          ? (error.details.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS)
          : null;
      if (asked === null || asked > (options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS)) throw error;
      await interruptibleSleep(Math.max(MIN_RATE_LIMIT_WAIT_MS, asked), sleep, options);
    }
  }
}

/** Sleeps `ms` in slices, asking `interrupt` before each slice and after the last. */
async function interruptibleSleep(
  ms: number,
  sleep: (ms: number) => Promise<void>,
  { interrupt }: Pick<ConversationScanOptions, 'interrupt'>,
): Promise<void> {
  if (!interrupt) return sleep(ms);
  for (let left = ms; left > 0; left -= INTERRUPT_POLL_MS) {
    await interrupt();
    await sleep(Math.min(left, INTERRUPT_POLL_MS));
  }
  await interrupt();
}

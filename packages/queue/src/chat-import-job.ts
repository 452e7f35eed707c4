import { z } from 'zod';
import { COMPLETED_JOB_RETENTION, FAILED_JOB_RETENTION } from './retention';
import { DEFAULT_RETRY_POLICY, RETRY_BACKOFF_TYPE, type RetryPolicy } from './retry-policy';

// The one definition of the chat-import job, imported by ingress (producer), worker (consumer),
// console (Bull Board, replays) and the CLI.

export const CHAT_IMPORT_QUEUE = 'chat-import';
export const CHAT_IMPORT_JOB = 'import-chat';

const decimalId = z.string().regex(/^\d{1,30}$/, 'must be a decimal id');

export const chatImportJobSchema = z.object({
  integrationId: z.uuid(),
  conversationId: decimalId,
  /** CarrotQuest's internal user id (the webhook's `user_id`); the worker re-reads it from the conversation. */
  carrotUserId: decimalId.nullable(),
  /** CarrotQuest's event id, or `manual-...` for a re-import started by an operator. */
  eventId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  /** When ingress accepted the webhook (ISO); the question's resolution time as far as we know. */
  receivedAt: z.iso.datetime(),
});
export type ChatImportJobData = z.infer<typeof chatImportJobSchema>;

/**
 * BullMQ job ids may not contain `:` nor look like integers; `cq-<uuid>-<event>` is neither, and the
 * same webhook delivered twice maps to the same id, so BullMQ keeps one job.
 */
export function chatImportJobId(data: Pick<ChatImportJobData, 'integrationId' | 'eventId'>): string {
  return `cq-${data.integrationId}-${data.eventId}`;
}

export function chatImportJobOptions(policy: RetryPolicy = DEFAULT_RETRY_POLICY) {
  return {
    attempts: policy.attempts,
    backoff: { type: RETRY_BACKOFF_TYPE, delay: policy.baseDelayMs },
    removeOnComplete: COMPLETED_JOB_RETENTION,
    removeOnFail: FAILED_JOB_RETENTION,
  };
}

/**
 * Backfill imports go in with this BullMQ priority: jobs without a priority (live webhooks) are always
 * taken first, so a backfill of months of history never delays today's chats.
 */
export const BACKFILL_PRIORITY = 10;

/** Event id of a backfill import: one per conversation, so a resumed or repeated backfill adds nothing twice. */
export function backfillEventId(conversationId: string): string {
  return `backfill-${conversationId}`;
}

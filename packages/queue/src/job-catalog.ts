import { z } from 'zod';
import { defineJob } from './job-definition';
import { COMPLETED_JOB_RETENTION, FAILED_JOB_RETENTION } from './retention';

// The one job catalog: every job that travels through Redis, imported by ingress, console, CLI (producers)
// and worker (consumer). A change to a job's payload, id rule, attempts or retention is made here only.

const decimalId = z.string().regex(/^\d{1,30}$/, 'must be a decimal id');

export const chatImportJobSchema = z.object({
  integrationId: z.uuid(),
  conversationId: decimalId,
  /** CarrotQuest's internal user id (the webhook's `user_id`); the worker re-reads it from the conversation. */
  carrotUserId: decimalId.nullable(),
  /** CarrotQuest's event id, or `manual-...`, `backfill-...`, `catchup-...`, `part-...` for the other sources. */
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

/** Import one CarrotQuest conversation: from a webhook, a backfill, the catch-up or an operator. */
export const CHAT_IMPORT = defineJob<ChatImportJobData>({
  queue: 'chat-import',
  name: 'import-chat',
  schema: chatImportJobSchema,
  jobId: chatImportJobId,
  retry: 'configured',
  retention: { removeOnComplete: COMPLETED_JOB_RETENTION, removeOnFail: FAILED_JOB_RETENTION },
});

/**
 * The chat-export job: "deliver this integration's pending chats to the CoMagic / UIS Data API".
 * PostgreSQL holds what is pending (Chat.exportStatus); a job only says when to look, so one job per
 * integration and time window delivers every chat that became pending in it, 50 per Data API call.
 */
export const chatExportJobSchema = z.object({
  integrationId: z.uuid(),
  /** The batching window (see EXPORT_BATCH_WINDOW_MS); absent on jobs queued by older versions. */
  window: z.number().int().nonnegative().optional(),
});
export type ChatExportJobData = z.infer<typeof chatExportJobSchema>;

export const CHAT_EXPORT = defineJob<ChatExportJobData>({
  queue: 'chat-export',
  name: 'export-chats',
  schema: chatExportJobSchema,
  jobId: (data) => `export-${data.integrationId}-${data.window ?? 0}`,
  retry: 'configured',
  // A finished window's job is only a trigger; the chats' export status is the record.
  retention: { removeOnComplete: true, removeOnFail: FAILED_JOB_RETENTION },
});

/**
 * The catch-up of one integration (apps/worker/src/catch-up.usecase.ts). Its fixed job id makes it run
 * once at a time across every process (BullMQ keeps one job per id while it waits or runs); one attempt,
 * because a failed run is recorded on the integration and the next tick starts a fresh one.
 */
export const catchUpJobSchema = z.object({ integrationId: z.uuid() });
export type CatchUpJobData = z.infer<typeof catchUpJobSchema>;

export const CATCH_UP = defineJob<CatchUpJobData>({
  queue: 'catch-up',
  name: 'integration',
  schema: catchUpJobSchema,
  jobId: (data) => `catchup-${data.integrationId}`,
  retry: { attempts: 1 },
  retention: { removeOnComplete: true, removeOnFail: true },
});

/** The repeating tick that fans out one CATCH_UP job per active integration. */
export const CATCH_UP_TICK = defineJob<Record<string, never>>({
  queue: 'catch-up',
  name: 'tick',
  schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  jobId: () => 'catch-up-tick',
  retry: { attempts: 1 },
  retention: { removeOnComplete: true, removeOnFail: { count: 100 } },
});

/** Every queue of the catalog, for inspection (Bull Board, counts). */
export const CATALOG_QUEUES = [...new Set([CHAT_IMPORT.queue, CHAT_EXPORT.queue, CATCH_UP.queue])];

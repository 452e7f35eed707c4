import { z } from 'zod';
import { defineJob, defineOneRunPerKey, defineTick, type JobData, type JobDefinition } from './job-definition';
import { COMPLETED_JOB_RETENTION, FAILED_JOB_RETENTION, TRIGGER_JOB_RETENTION } from './retention';

// The one job catalog: every job that travels through Redis, imported by ingress, console, CLI (producers)
// and worker (consumer). A change to a job's payload, id rule, attempts or retention is made here only.

const decimalId = z.string().regex(/^\d{1,30}$/, 'must be a decimal id');

const chatImportJobSchema = z.object({
  integrationId: z.uuid(),
  conversationId: decimalId,
  /** CarrotQuest's internal user id (the webhook's `user_id`); the worker re-reads it from the conversation. */
  carrotUserId: decimalId.nullable(),
  /** CarrotQuest's event id, or `manual-...`, `backfill-...`, `catchup-...`, `part-...` for the other sources. */
  eventId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  /** When ingress accepted the webhook (ISO); for the other sources, when the import was asked for. */
  receivedAt: z.iso.datetime(),
  /** A backfill's period: only the questions that started in it are imported (ISO, both ends included). */
  questionsStartedWithin: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).optional(),
});
export type ChatImportJobData = z.infer<typeof chatImportJobSchema>;

/** Whether the import was asked for by a CarrotQuest webhook (the other sources' event ids carry a prefix). */
export function isWebhookImport(data: Pick<ChatImportJobData, 'eventId'>): boolean {
  return !/^(manual|backfill|catchup)-/.test(data.eventId);
}

/**
 * BullMQ job ids may not contain `:` nor look like integers; `cq-<uuid>-<event>` is neither, and the
 * same webhook delivered twice maps to the same id, so BullMQ keeps one job.
 */
export function chatImportJobId(data: Pick<ChatImportJobData, 'integrationId' | 'eventId'>): string {
  return `cq-${data.integrationId}-${data.eventId}`;
}

/** Import one CarrotQuest conversation: from a webhook, a backfill, the catch-up or an operator. */
export const CHAT_IMPORT = defineJob({
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
export const CHAT_EXPORT = defineJob({
  queue: 'chat-export',
  name: 'export-chats',
  schema: z.object({
    integrationId: z.uuid(),
    /** The batching window (see EXPORT_BATCH_WINDOW_MS); absent on jobs queued by older versions. */
    window: z.number().int().nonnegative().optional(),
  }),
  jobId: (data) => `export-${data.integrationId}-${data.window ?? 0}`,
  retry: 'configured',
  // A finished window's job is only a trigger; the chats' export status is the record.
  retention: TRIGGER_JOB_RETENTION,
});
export type ChatExportJobData = JobData<typeof CHAT_EXPORT>;

/**
 * The catch-up of one integration (apps/worker/src/catch-up.usecase.ts), one run at a time per integration;
 * one attempt, because a failed run is recorded on the integration and the next tick starts a fresh one.
 */
export const CATCH_UP = defineOneRunPerKey({
  queue: 'catch-up',
  name: 'integration',
  schema: z.object({ integrationId: z.uuid() }),
  jobId: (data) => `catchup-${data.integrationId}`,
  retry: { attempts: 1 },
});
export type CatchUpJobData = JobData<typeof CATCH_UP>;

/** The repeating tick that fans out one CATCH_UP job per active integration. */
export const CATCH_UP_TICK = defineTick('catch-up', 'tick', 'catch-up-tick');

/** The backfill job's id: one per integration (see BACKFILL). */
export function backfillJobId(integrationId: string): string {
  return `backfill-${integrationId}`;
}

/**
 * A backfill of past conversations of one integration (apps/worker/src/backfill/). Its period, cursor and
 * counts are in PostgreSQL (BackfillState), written by the console's start and the worker's scan; the job
 * only says "scan now". One run at a time per integration; `runId` lets the console see that the job in
 * Redis is its own run's. One attempt: a failed run is recorded and the same period, started again,
 * resumes from its cursor; a worker that dies mid-run leaves the job stalled, and another resumes it.
 */
export const BACKFILL = defineOneRunPerKey({
  queue: 'backfill',
  name: 'backfill',
  schema: z.object({ integrationId: z.uuid(), runId: z.uuid() }),
  jobId: (data) => backfillJobId(data.integrationId),
  retry: { attempts: 1 },
});
export type BackfillJobData = JobData<typeof BACKFILL>;

/**
 * The catalog sync of one account connected to its CoMagic / UIS cabinet (apps/worker/src/catalog-sync/):
 * reads the cabinet's sites, campaigns, sources, employees and tags and upserts them. One run at a time
 * per account (a press of «Обновить из CoMagic» while one waits adds nothing). Attempts as configured: an
 * outage is retried with the backoff; a refused token gives up at once (the worker's decision) and is
 * recorded on the connection.
 */
export const CATALOG_SYNC = defineOneRunPerKey({
  queue: 'catalog-sync',
  name: 'account',
  schema: z.object({ accountId: z.uuid() }),
  jobId: (data) => `catalog-sync-${data.accountId}`,
  retry: 'configured',
});
export type CatalogSyncJobData = JobData<typeof CATALOG_SYNC>;

/** The repeating (daily) tick that fans out one CATALOG_SYNC job per connected account. */
export const CATALOG_SYNC_TICK = defineTick('catalog-sync', 'tick', 'catalog-sync-tick');

/**
 * The session lookup of one account (apps/worker/src/session-lookup/, docs/cabinet.md): "read the
 * cabinet's session report for this account's due lookups". PostgreSQL holds what is due
 * (SessionLookup); a job only says when to look. Its id is fixed per account and batching window
 * (SessionLookupScheduler), so every chat asking within a window shares one run, and a run's delayed
 * re-run (at the earliest next attempt left) is a job of a later window.
 */
export const SESSION_LOOKUP = defineJob({
  queue: 'session-lookup',
  name: 'lookup',
  schema: z.object({ accountId: z.uuid(), window: z.number().int().nonnegative() }),
  jobId: (data) => `session-lookup-${data.accountId}-${data.window}`,
  retry: 'configured',
  retention: TRIGGER_JOB_RETENTION,
});
export type SessionLookupJobData = JobData<typeof SESSION_LOOKUP>;

/**
 * The daily purge of the audit log (docs/access.md «Audit log»: kept a year), repeated by
 * AuditPurgeScheduler. One delete of every account's events older than a year: nothing to fan out. Its
 * fixed id runs it once at a time across every worker; one attempt, the next day's tick purges again.
 */
export const AUDIT_PURGE = defineTick('audit-purge', 'purge', 'audit-purge');

/**
 * The daily retention sweep (docs/personal-data.md): for every account with «Срок хранения переписки»,
 * erase the personal data of chats that started before its cutoff, in batches, recording each account's
 * run (RetentionState). Nothing to fan out; the fixed id runs it once at a time across every worker; one
 * attempt, the next day's tick (or «Запустить сейчас») sweeps again from where it stopped.
 */
export const RETENTION_SWEEP = defineTick('personal-data', 'retention', 'retention-sweep');

/**
 * After an erasure or a retention run: VACUUM the touched tables and rewrite Redis's append-only file, so
 * erased bytes do not stay in dead rows or in the log of old writes (docs/personal-data.md says what
 * still remains). One per minute window at most: erasures in the same minute share it.
 */
export const PERSONAL_DATA_COMPACTION = defineJob({
  queue: 'personal-data',
  name: 'compaction',
  schema: z.object({ window: z.number().int().nonnegative() }),
  jobId: (data) => `pd-compaction-${data.window}`,
  retry: 'configured',
  retention: TRIGGER_JOB_RETENTION,
});
export type PersonalDataCompactionJobData = JobData<typeof PERSONAL_DATA_COMPACTION>;

const JOBS = {
  chatImport: CHAT_IMPORT,
  chatExport: CHAT_EXPORT,
  catchUp: CATCH_UP,
  catchUpTick: CATCH_UP_TICK,
  backfill: BACKFILL,
  catalogSync: CATALOG_SYNC,
  catalogSyncTick: CATALOG_SYNC_TICK,
  sessionLookup: SESSION_LOOKUP,
  auditPurge: AUDIT_PURGE,
  retentionSweep: RETENTION_SWEEP,
  personalDataCompaction: PERSONAL_DATA_COMPACTION,
};
export type JobKind = keyof typeof JOBS;
/** The payload of every kind of job, by the name the worker's handler map uses. */
export type JobDataByKind = { [K in JobKind]: JobData<(typeof JOBS)[K]> };

/**
 * The catalog as one record: a consumer's handler map keyed the same way is checked by the compiler,
 * kind by kind, against these definitions' payloads (a kind without a handler does not compile). Typed
 * as a map over the kinds so that code generic in the kind can read a definition and its payload together.
 */
export const JOB_CATALOG: { readonly [K in JobKind]: JobDefinition<JobDataByKind[K]> } = JOBS;
export const JOB_KINDS = Object.keys(JOB_CATALOG) as JobKind[];

/** Every queue of the catalog, for inspection (Bull Board, counts) and for the worker's consumers. */
export const CATALOG_QUEUES = [...new Set(JOB_KINDS.map((kind) => JOB_CATALOG[kind].queue))];

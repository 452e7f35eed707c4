// How long BullMQ keeps finished jobs. Kept apart so the numbers and their reasons are in one place.

/**
 * Completed jobs: an hour (or the newest 10,000), enough to see what just happened in Bull Board.
 * The chat row in PostgreSQL is the durable record; a completed job is only a receipt.
 */
export const COMPLETED_JOB_RETENTION = { age: 60 * 60, count: 10_000 } as const;

/**
 * Failed jobs: 14 days, so an operator back from a long weekend can still read the reason and press
 * "retry" after fixing a key or a mapping. Not bounded by count: a failure must not vanish because
 * many others happened.
 */
export const FAILED_JOB_RETENTION = { age: 14 * 24 * 60 * 60 } as const;

/**
 * A run with a fixed job id (one at a time): kept neither done nor failed, since a kept job would hold
 * the id and refuse the next run; the run's outcome is recorded in PostgreSQL.
 */
export const FIXED_ID_RUN_RETENTION = { removeOnComplete: true, removeOnFail: true } as const;

/** A trigger ("look now"; what is pending is in PostgreSQL): a done one is not kept, a failed one as any failure. */
export const TRIGGER_JOB_RETENTION = { removeOnComplete: true, removeOnFail: FAILED_JOB_RETENTION } as const;

/**
 * How long ingress remembers an event id to answer `duplicate` (CarrotQuest re-sends for hours at most).
 * The database's unique key, not this window, is what guarantees one chat per conversation.
 */
export const SEEN_EVENT_TTL_SECONDS = 14 * 24 * 60 * 60;

/**
 * How often a job may be found abandoned by a dead worker (SIGKILL, OOM, node lost) and put back,
 * before BullMQ fails it as "stalled more than allowable limit". BullMQ's default of 1 turns two worker
 * crashes in a row during a deploy into a lost chat; 10 still stops a job that crashes every worker.
 */
export const MAX_STALLED_COUNT = 10;

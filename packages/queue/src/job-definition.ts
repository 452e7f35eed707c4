import type { JobsOptions, KeepJobs } from 'bullmq';
import { z } from 'zod';
import { FIXED_ID_RUN_RETENTION } from './retention';
import { RETRY_BACKOFF_TYPE, type RetryPolicy } from './retry-policy';

/**
 * Everything about one kind of job that a producer and a consumer must agree on, in one place: where it
 * goes, what it carries, how it is deduplicated, how often it is tried, and how long it is kept.
 * Producers and workers derive their BullMQ settings from it; nothing else spells them out.
 */
export interface JobDefinition<TData> {
  /** BullMQ queue name. */
  readonly queue: string;
  /** BullMQ job name (one queue may carry several kinds). */
  readonly name: string;
  /** The payload, validated on enqueue and again by the worker. */
  readonly schema: z.ZodType<TData>;
  /** The job id: the same payload gets the same id, so BullMQ keeps one job (the idempotency rule). */
  readonly jobId: (data: TData) => string;
  /**
   * `configured`: attempts and backoff from the RetryPolicy every enqueuing process reads from the same
   * configuration (RETRY_ATTEMPTS...); otherwise fixed here.
   */
  readonly retry: 'configured' | { readonly attempts: number };
  readonly retention: { readonly removeOnComplete: KeepJobs | boolean; readonly removeOnFail: KeepJobs | boolean };
}

/** A job's payload type, as its definition's schema gives it. */
export type JobData<TDefinition> = TDefinition extends JobDefinition<infer TData> ? TData : never;

/** A job whose payload type is what its schema parses to, so the schema is the one place it is written. */
export function defineJob<TSchema extends z.ZodType>(
  definition: JobDefinition<z.output<TSchema>> & { readonly schema: TSchema },
): JobDefinition<z.output<TSchema>> {
  return definition;
}

/**
 * A run that goes one at a time per key (an integration, an account): `jobId` gives the key's one fixed
 * id, so across every process BullMQ keeps one job of it while it waits or runs, and another enqueue adds
 * nothing. Kept neither done nor failed (FIXED_ID_RUN_RETENTION), else the kept job would refuse the next run.
 */
export function defineOneRunPerKey<TSchema extends z.ZodType>(
  definition: Omit<JobDefinition<z.output<TSchema>>, 'retention'> & { readonly schema: TSchema },
): JobDefinition<z.output<TSchema>> {
  return defineJob({ ...definition, retention: FIXED_ID_RUN_RETENTION });
}

/** A fixed-id trigger with no payload: one attempt, nothing kept but the last failures (the next one runs again). */
export function defineTick(queue: string, name: string, jobId: string): JobDefinition<Record<string, never>> {
  return defineJob({
    queue,
    name,
    schema: z.object({}).strict(),
    jobId: () => jobId,
    retry: { attempts: 1 },
    retention: { removeOnComplete: true, removeOnFail: { count: 100 } },
  });
}

/** The BullMQ options of a job of this kind under `policy`. */
export function jobOptions<TData>(definition: JobDefinition<TData>, data: TData, policy: RetryPolicy): JobsOptions {
  const attempts = definition.retry === 'configured' ? policy.attempts : definition.retry.attempts;
  return {
    jobId: definition.jobId(data),
    attempts,
    ...(attempts > 1 ? { backoff: { type: RETRY_BACKOFF_TYPE, delay: policy.baseDelayMs } } : {}),
    removeOnComplete: definition.retention.removeOnComplete,
    removeOnFail: definition.retention.removeOnFail,
  };
}

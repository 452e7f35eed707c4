import { mentionsAny } from '@carrot-bridge/domain';
import type { Job, JobType, JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

// An erasure of personal data (docs/personal-data.md) reaches BullMQ too: a job's data, failure reason,
// stack trace, return value and logs may name the person (a conversation id, a phone in an error text).

/** What the sweep did, over every queue. */
export interface JobSweepCounts {
  /** Completed and failed jobs removed (with their logs). */
  removed: number;
  /** Waiting or delayed jobs whose failure text named the person: removed and added again without it. */
  requeued: number;
  /** Jobs left to run whose logs were cleared (their data names the person by id only). */
  logsCleared: number;
  /** Running jobs that mention the person: left alone (a running job cannot be removed). */
  activeLeft: number;
  /**
   * Waiting jobs whose failure text names the person but that cannot be added again as they were: a job
   * scheduler's next run (BullMQ refuses to remove it) or a job of a flow (removing it takes its
   * children). Left in place, their logs cleared.
   */
  keptInPlace: number;
  /** Entries of the queues' events streams (a failure's reason, a return value) that named the person. */
  eventsRemoved: number;
}

/** The states a job waits in before it runs (a paused queue's jobs wait in `waiting`: BullMQ 5+). */
const WAITING_STATES: JobType[] = ['waiting', 'delayed', 'prioritized', 'waiting-children'];
const FINISHED_STATES: JobType[] = ['completed', 'failed'];
const PAGE = 500;

/** Which of a job's texts mention a needle. */
interface Mention {
  job: Job;
  /** The failure reason, stack trace or return value: text the job can run again without. */
  inOutcome: boolean;
  inLogs: boolean;
  hasLogs: boolean;
}

/**
 * Removes what names a person from the queues: completed and failed jobs that mention a needle
 * (mentionsAny over data, failedReason, stacktrace, returnvalue and logs) are removed; a waiting or
 * delayed job keeps running: if its failure text mentions a needle it is removed and added again with
 * the same name, data and options (its id kept, its remaining attempts and due time kept), otherwise its
 * logs are cleared when they or its data (ids only, which it needs to run) mention one. Running jobs are
 * counted and left. Read a page of 500 at a time; never logs the needles.
 */
export async function eraseJobsMentioning(queues: Queue[], needles: string[]): Promise<JobSweepCounts> {
  const counts: JobSweepCounts = {
    removed: 0,
    requeued: 0,
    logsCleared: 0,
    activeLeft: 0,
    keptInPlace: 0,
    eventsRemoved: 0,
  };
  const wanted = needles.filter((n) => n !== '');
  if (wanted.length === 0) return counts;
  for (const queue of queues) {
    for (const state of FINISHED_STATES)
      for (const { job } of await mentioningJobs(queue, state, wanted)) {
        await queue.remove(job.id!);
        counts.removed += 1;
      }
    counts.activeLeft += (await mentioningJobs(queue, 'active', wanted)).length;
    // A job added again may land in a state read after its own (a due one with a priority: prioritized).
    const seen = new Set<string>();
    for (const state of WAITING_STATES)
      for (const mention of await mentioningJobs(queue, state, wanted)) {
        if (seen.has(mention.job.id!)) continue;
        seen.add(mention.job.id!);
        await scrubWaitingJob(queue, state, mention, counts);
      }
    // Last: removing and adding jobs again writes events of their own (ids only).
    counts.eventsRemoved += await eraseEventsMentioning(queue, wanted);
  }
  return counts;
}

/**
 * BullMQ's events stream of a queue (what QueueEvents listeners read; thousands of entries are kept)
 * repeats a failure's reason, a completion's return value and progress data: its entries that mention a
 * needle are deleted (XDEL), read a page at a time.
 */
async function eraseEventsMentioning(queue: Queue, needles: readonly string[]): Promise<number> {
  // The queue's connection is ioredis (redis-connection.ts); BullMQ's own client type names no stream reads.
  const client = (await queue.getBackend().client) as unknown as Redis;
  const key = queue.keys.events!;
  let removed = 0;
  for (let start = '-'; ;) {
    const page = await client.xrange(key, start, '+', 'COUNT', PAGE);
    const mentioning = page.filter(([, fields]) => mentionsAny(fields.join('\n'), needles)).map(([id]) => id);
    if (mentioning.length > 0) removed += await client.xdel(key, ...mentioning);
    if (page.length < PAGE) return removed;
    // After the page's last entry (an exclusive start, Redis 6.2+).
    start = `(${page[page.length - 1]![0]}`;
  }
}

/** Every job of the state that mentions a needle, read a page at a time (acted on after the whole read). */
async function mentioningJobs(queue: Queue, state: JobType, needles: readonly string[]): Promise<Mention[]> {
  const found: Mention[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = (await queue.getJobs([state], start, start + PAGE - 1, true)).filter((job): job is Job => !!job?.id);
    const logs = await Promise.all(page.map((job) => queue.getJobLogs(job.id!)));
    page.forEach((job, i) => {
      const lines = logs[i]!.logs;
      const inOutcome =
        mentionsAny(job.failedReason ?? '', needles) ||
        mentionsAny((job.stacktrace ?? []).join('\n'), needles) ||
        mentionsAny(JSON.stringify(job.returnvalue ?? null), needles);
      const inLogs = lines.some((line) => mentionsAny(line, needles));
      if (inOutcome || inLogs || mentionsAny(JSON.stringify(job.data ?? null), needles))
        found.push({ job, inOutcome, inLogs, hasLogs: lines.length > 0 });
    });
    if (page.length < PAGE) return found;
  }
}

async function scrubWaitingJob(queue: Queue, state: JobType, mention: Mention, counts: JobSweepCounts) {
  const { job } = mention;
  const movable = !job.repeatJobKey && !job.parentKey && state !== 'waiting-children';
  if (mention.inOutcome && movable) {
    const options = await againOptions(queue, state, job);
    try {
      await queue.remove(job.id!);
    } catch {
      // Taken by a worker since it was read: running now, it cannot be removed.
      counts.activeLeft += 1;
      return;
    }
    await queue.add(job.name, job.data, options);
    counts.requeued += 1;
    return;
  }
  if (mention.inOutcome) counts.keptInPlace += 1;
  if (mention.hasLogs) {
    await job.clearLogs();
    counts.logsCleared += 1;
  }
}

/**
 * The job's options for adding it again: the same, under the same id, with the attempts it has left
 * (a job that failed 24 of 25 times gets one more, not 25) and, for a delayed job, the time it was due.
 */
async function againOptions(queue: Queue, state: JobType, job: Job): Promise<JobsOptions> {
  const options: JobsOptions = { ...job.opts, jobId: job.id! };
  if (options.attempts !== undefined) options.attempts = Math.max(1, options.attempts - job.attemptsMade);
  delete options.delay;
  if (state === 'delayed') {
    // Its score in the delayed set is the due time × 0x1000 (BullMQ's getDelayedScore), also for a retry.
    const client = await queue.getBackend().client;
    const score = await client.zscore(queue.keys.delayed!, job.id!);
    const dueAt = score === null ? Date.now() : Math.floor(Number(score) / 0x1000);
    options.delay = Math.max(0, dueAt - Date.now());
  }
  return options;
}

import type { TextMatcher } from '@carrot-bridge/domain';
import type { Job, JobType, JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

// An erasure of personal data (docs/personal-data.md) reaches BullMQ too: a job's data, failure reason,
// stack trace, return value and logs may name the person (a conversation id, a phone in an error text).
// Only the erasing account's jobs are touched: another account's job that happens to name the same
// phone or conversation id is that account's record, not ours to erase.

/** The account an erasure is for: its jobs carry `accountId` or one of its `integrationIds` (job-catalog.ts). */
export interface JobSweepAccount {
  accountId: string;
  /** Every integration the account has had, removed ones too. */
  integrationIds: readonly string[];
}

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
   * children). Left in place without their failure reason and stack trace, their logs cleared.
   */
  keptInPlace: number;
  /** Entries of the queues' events streams (a failure's reason, a return value) that named the person. */
  eventsRemoved: number;
}

/** The states a job waits in before it runs (a paused queue's jobs wait in `waiting`: BullMQ 5+). */
const WAITING_STATES: JobType[] = ['waiting', 'delayed', 'prioritized', 'waiting-children'];
const FINISHED_STATES: JobType[] = ['completed', 'failed'];
const PAGE = 500;

/**
 * Whose a job is: the erasing account's, another account's, or no account's (a scheduler's tick, the
 * retention sweep, the compaction: their data names no account).
 */
type JobOwner = 'account' | 'another' | 'none';

/** What the sweep learnt of the queue's jobs while reading them: whose each one is, by id. */
type OwnerById = Map<string, JobOwner>;

/** Which of a job's texts name the person. */
interface Mention {
  job: Job;
  /** The failure reason, stack trace or return value: text the job can run again without. */
  inOutcome: boolean;
  inLogs: boolean;
  hasLogs: boolean;
}

/**
 * Removes what names a person from the erasing account's jobs: completed and failed jobs whose data,
 * failedReason, stacktrace, returnvalue or logs the person matches are removed; a waiting or delayed
 * job keeps running: if its failure text names the person it is removed and added again with the same
 * name, data and options (its id kept, its remaining attempts and due time kept), or, when it cannot be
 * (a scheduler's tick, a flow's job), its failure reason and stack trace are deleted from its hash;
 * otherwise its logs are cleared when they or its data (ids only, which it needs to run) name them.
 * Running jobs are counted and left. Jobs of no account (ticks) are matched by the person alone: they
 * are nobody's record, and a phone in their failure is still the person's. Another account's jobs are
 * never touched. Reads a page of 500 at a time; never logs what it looked for.
 */
export async function eraseJobsMentioning(
  queues: Queue[],
  account: JobSweepAccount,
  person: TextMatcher,
): Promise<JobSweepCounts> {
  const counts: JobSweepCounts = {
    removed: 0,
    requeued: 0,
    logsCleared: 0,
    activeLeft: 0,
    keptInPlace: 0,
    eventsRemoved: 0,
  };
  const ours = new Set([account.accountId, ...account.integrationIds]);
  for (const queue of queues) {
    const owners: OwnerById = new Map();
    const read = (state: JobType) => mentioningJobs(queue, state, { ours, owners, person });
    for (const state of FINISHED_STATES)
      for (const { job } of await read(state)) {
        await queue.remove(job.id!);
        counts.removed += 1;
      }
    counts.activeLeft += (await read('active')).length;
    // A job added again may land in a state read after its own (a due one with a priority: prioritized).
    const seen = new Set<string>();
    for (const state of WAITING_STATES)
      for (const mention of await read(state)) {
        if (seen.has(mention.job.id!)) continue;
        seen.add(mention.job.id!);
        await scrubWaitingJob(queue, state, mention, counts);
      }
    // Last: removing and adding jobs again writes events of their own (ids only).
    counts.eventsRemoved += await eraseEventsMentioning(queue, { ours, owners, person });
  }
  return counts;
}

/** What a read of one queue needs: the account's ids, the owners learnt so far, the person. */
interface SweepScope {
  ours: ReadonlySet<string>;
  owners: OwnerById;
  person: TextMatcher;
}

/** Whose a job is by its data: catalog payloads name an `accountId` or an `integrationId`. */
function ownerOfData(data: unknown, ours: ReadonlySet<string>): JobOwner {
  if (typeof data !== 'object' || data === null) return 'none';
  const named = [(data as Record<string, unknown>).accountId, (data as Record<string, unknown>).integrationId].filter(
    (id): id is string => typeof id === 'string',
  );
  if (named.length === 0) return 'none';
  return named.some((id) => ours.has(id)) ? 'account' : 'another';
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whose a job is by its id alone, for one already gone (an event outlives its job): the catalog's job
 * ids embed the integration's or the account's id (job-catalog.ts: `cq-<integrationId>-…`,
 * `catalog-sync-<accountId>`…). An id without one cannot be tied to an account.
 */
function ownerOfJobId(jobId: string, ours: ReadonlySet<string>): JobOwner {
  const ids = jobId.toLowerCase().match(UUID) ?? [];
  if (ids.length === 0) return 'none';
  return ids.some((id) => ours.has(id)) ? 'account' : 'another';
}

/**
 * BullMQ's events stream of a queue (what QueueEvents listeners read; ~10,000 entries are kept) repeats
 * a failure's reason, a completion's return value and progress data: its entries that name the person
 * are deleted (XDEL), read a page at a time — those of the account's jobs (by the job id each entry
 * carries) and those that cannot be tied to any account (their job gone and its id naming none: matched
 * by the person's data alone, as before accounts were told apart). Another account's entries stay.
 */
async function eraseEventsMentioning(queue: Queue, { ours, owners, person }: SweepScope): Promise<number> {
  // The queue's connection is ioredis (redis-connection.ts); BullMQ's own client type names no stream reads.
  const client = (await queue.getBackend().client) as unknown as Redis;
  const key = queue.keys.events!;
  const ownerOfEntry = (fields: string[]): JobOwner => {
    const at = fields.findIndex((field, i) => i % 2 === 0 && field === 'jobId');
    const jobId = at === -1 ? undefined : fields[at + 1];
    if (jobId === undefined) return 'none';
    return owners.get(jobId) ?? ownerOfJobId(jobId, ours);
  };
  let removed = 0;
  for (let start = '-'; ;) {
    const page = await client.xrange(key, start, '+', 'COUNT', PAGE);
    const mentioning = page
      .filter(([, fields]) => ownerOfEntry(fields) !== 'another' && person.matches(fields.join('\n')))
      .map(([id]) => id);
    if (mentioning.length > 0) removed += await client.xdel(key, ...mentioning);
    if (page.length < PAGE) return removed;
    // After the page's last entry (an exclusive start, Redis 6.2+).
    start = `(${page[page.length - 1]![0]}`;
  }
}

/**
 * Every job of the state that is the account's (or no account's) and names the person, read a page at
 * a time (acted on after the whole read). Records each job's owner for the events stream.
 */
async function mentioningJobs(queue: Queue, state: JobType, { ours, owners, person }: SweepScope): Promise<Mention[]> {
  const found: Mention[] = [];
  for (let start = 0; ; start += PAGE) {
    const read = (await queue.getJobs([state], start, start + PAGE - 1, true)).filter((job): job is Job => !!job?.id);
    const page = read.filter((job) => {
      const owner = ownerOfData(job.data, ours);
      owners.set(job.id!, owner);
      return owner !== 'another';
    });
    const logs = await Promise.all(page.map((job) => queue.getJobLogs(job.id!)));
    page.forEach((job, i) => {
      const lines = logs[i]!.logs;
      const inOutcome =
        person.matches(job.failedReason ?? '') ||
        person.matches((job.stacktrace ?? []).join('\n')) ||
        person.matches(JSON.stringify(job.returnvalue ?? null));
      const inLogs = lines.some((line) => person.matches(line));
      if (inOutcome || inLogs || person.matches(JSON.stringify(job.data ?? null)))
        found.push({ job, inOutcome, inLogs, hasLogs: lines.length > 0 });
    });
    if (read.length < PAGE) return found;
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
  if (mention.inOutcome) {
    // Its hash (`<prefix>:<queue>:<id>`) loses the texts; the job keeps its place, data and options.
    const client = await queue.getBackend().client;
    await client.hdel(queue.toKey(job.id!), 'failedReason', 'stacktrace');
    counts.keptInPlace += 1;
  }
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

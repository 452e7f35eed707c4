import type { Redis } from 'ioredis';

// After an erasure (docs/personal-data.md) the erased values are gone from Redis's memory, but its
// append-only file still holds the commands that wrote them, and an RDB snapshot the values, until
// Redis rewrites them. This asks for both rewrites where persistence is on. A managed Redis may refuse
// CONFIG (or the rewrite commands): that part is then `unknown`, and docs/personal-data.md says what
// remains on its disks.

export interface PersistenceRewrite {
  /** `rewritten`: BGREWRITEAOF ran to its end after the call; `off`: appendonly is off. */
  aof: 'rewritten' | 'off' | 'unknown';
  /** `saved`: a BGSAVE ran to its end after the call; `off`: no `save` points are configured. */
  rdb: 'saved' | 'off' | 'unknown';
}

export interface PersistenceRewriteOptions {
  /** How often INFO persistence is read while waiting. */
  pollMs?: number;
  /** How long one rewrite (and one already running before it) may take. */
  timeoutMs?: number;
}

/** One kind of rewrite as INFO persistence reports it. */
interface RewriteKind {
  command: () => Promise<unknown>;
  /** Running now (or scheduled to run once another fork ends). */
  busy: (info: Map<string, string>) => boolean;
  /** Finished rewrites since start-up (Redis 7: aof_rewrites, rdb_saves); absent on older servers. */
  finished: (info: Map<string, string>) => number | undefined;
  lastStatus: (info: Map<string, string>) => string | undefined;
  name: string;
  /** The CONFIG parameter that turns this kind of persistence on, and what value of it means on. */
  configParameter: string;
  configOn: (value: string) => boolean;
}

/**
 * Rewrites the append-only file (if `appendonly` is yes) and saves a snapshot (if `save` has points),
 * each waited for to its end: a rewrite already running when asked started before the erasure, so it
 * is waited out and another one asked for. Throws when a rewrite fails or outlasts the timeout.
 */
export async function rewriteRedisPersistence(
  redis: Redis,
  options: PersistenceRewriteOptions = {},
): Promise<PersistenceRewrite> {
  const wait = { pollMs: options.pollMs ?? 100, timeoutMs: options.timeoutMs ?? 60_000 };
  const aof = await rewriteWhereOn(redis, aofRewrite(redis), wait);
  const rdb = await rewriteWhereOn(redis, rdbSave(redis), wait);
  return { aof: aof === 'done' ? 'rewritten' : aof, rdb: rdb === 'done' ? 'saved' : rdb };
}

/** One kind's rewrite if its configuration turns it on: `unknown` where CONFIG or the command is refused. */
async function rewriteWhereOn(
  redis: Redis,
  kind: RewriteKind,
  wait: { pollMs: number; timeoutMs: number },
): Promise<'done' | 'off' | 'unknown'> {
  const on = await configSays(redis, kind.configParameter, kind.configOn);
  if (on === undefined) return 'unknown';
  if (!on) return 'off';
  return (await rewriteOnce(redis, kind, wait)) ? 'done' : 'unknown';
}

/** The answer of CONFIG GET, or undefined when the server refuses CONFIG. */
async function configSays(redis: Redis, parameter: string, test: (value: string) => boolean) {
  try {
    const answer = (await redis.config('GET', parameter)) as string[];
    return test(answer[1] ?? '');
  } catch {
    return undefined;
  }
}

const aofRewrite = (redis: Redis): RewriteKind => ({
  name: 'AOF rewrite',
  configParameter: 'appendonly',
  configOn: (value) => value === 'yes',
  command: () => redis.bgrewriteaof(),
  busy: (info) => info.get('aof_rewrite_in_progress') === '1' || info.get('aof_rewrite_scheduled') === '1',
  finished: (info) => numberOf(info.get('aof_rewrites')),
  lastStatus: (info) => info.get('aof_last_bgrewrite_status'),
});

const rdbSave = (redis: Redis): RewriteKind => ({
  name: 'RDB save',
  configParameter: 'save',
  configOn: (value) => value.trim() !== '',
  // SCHEDULE: while an AOF rewrite runs, the save is queued instead of refused.
  command: () => redis.call('BGSAVE', 'SCHEDULE'),
  busy: (info) => info.get('rdb_bgsave_in_progress') === '1',
  finished: (info) => numberOf(info.get('rdb_saves')),
  lastStatus: (info) => info.get('rdb_last_bgsave_status'),
});

/** Asks for one rewrite that starts now and waits for its end; false when the server refuses the command. */
async function rewriteOnce(
  redis: Redis,
  kind: RewriteKind,
  wait: { pollMs: number; timeoutMs: number },
): Promise<boolean> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const before = kind.finished(await persistenceInfo(redis));
    try {
      await kind.command();
    } catch (error) {
      if (!/already in progress/i.test((error as Error).message)) return false;
      // One running since before the erasure: wait it out, then ask for ours.
      await until(redis, (info) => !kind.busy(info), deadline, wait.pollMs, kind.name);
      continue;
    }
    // A BGSAVE SCHEDULE'd behind an AOF rewrite is not "busy" yet: the finished count tells when it ran.
    const info = await until(
      redis,
      (now) => !kind.busy(now) && (before === undefined || (kind.finished(now) ?? 0) > before),
      deadline,
      wait.pollMs,
      kind.name,
    );
    if (kind.lastStatus(info) !== 'ok') throw new Error(`Redis ${kind.name} failed (${kind.lastStatus(info)})`);
    return true;
  }
}

async function until(
  redis: Redis,
  done: (info: Map<string, string>) => boolean,
  deadline: number,
  pollMs: number,
  name: string,
): Promise<Map<string, string>> {
  for (;;) {
    const info = await persistenceInfo(redis);
    if (done(info)) return info;
    if (Date.now() >= deadline) throw new Error(`Redis ${name} did not finish in time`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function persistenceInfo(redis: Redis): Promise<Map<string, string>> {
  const text = await redis.info('persistence');
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

function numberOf(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

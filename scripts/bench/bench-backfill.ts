// A backfill started as the console starts one (BackfillService.start: claim the integration's run in
// PostgreSQL, then queue the worker's catalog job), without the console's HTTP and audit around it:
// the worker scans the fake's conversation list and queues each import below live traffic, as in
// production. The fake holds the account's conversations, created within the period, before it starts.
import { randomUUID } from 'node:crypto';
import type { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { claimBackfillRun, readBackfillState, type Database } from '@carrot-bridge/db';
import { BackfillScheduler, createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { waitFor } from '@carrot-bridge/test-support';
import type { BenchAccount } from './freshness-stack';

/** January 2026: the period the backfill asks for, and when its conversations were created. */
const PERIOD = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-31T23:59:59Z') };
export const BACKFILL_IDS_FROM = 50_000_000;

export interface BackfillProgress {
  status: string;
  scanned: number;
  queued: number;
  /** Chats of the backfilled account committed so far. */
  imported: number;
}

export class BenchBackfill {
  constructor(
    private readonly db: Database,
    private readonly account: BenchAccount,
  ) {}

  /** Puts `n` conversations into the account's CarrotQuest app, spread over the period, 6-20 messages each. */
  seed(fake: FakeCarrotQuest, n: number): void {
    const span = (PERIOD.to.getTime() - PERIOD.from.getTime()) / 1000 - 86_400;
    for (let k = 0; k < n; k += 1) {
      const id = BACKFILL_IDS_FROM + k;
      fake.addChat(this.account.apiKey, {
        conversationId: String(id),
        userId: String(id + 100_000_000),
        channel: k % 3 === 0 ? 'telegram' : 'widget',
        name: `Посетитель ${id}`,
        createdAt: Math.floor(PERIOD.from.getTime() / 1000 + (span * k) / n),
        messages: 6 + (k % 15),
      });
    }
  }

  async start(redisUrl: string, prefix: string): Promise<void> {
    const { accountId, integrationId } = this.account.fixture;
    const claimed = await claimBackfillRun(this.db, {
      accountId,
      integrationId,
      runId: randomUUID(),
      ...PERIOD,
      now: new Date(),
    });
    if (!claimed) throw new Error('the bench could not claim the backfill run');
    const redis = createRedisConnection(redisUrl, 'producer');
    await redisReady(redis);
    const scheduler = new BackfillScheduler(redis, { prefix });
    await scheduler.enqueue({ integrationId, runId: claimed.runId });
    await scheduler.close();
    redis.disconnect();
    // A row "with the backfill running" starts once the worker imports its first chats, not before.
    await waitFor(
      'the backfill to import its first chats',
      async () => (await this.progress()).imported > 0,
      60_000,
      200,
    );
  }

  async progress(): Promise<BackfillProgress> {
    const state = await readBackfillState(this.db, this.account.fixture.integrationId);
    const imported = await this.db.chat.count({ where: { integrationId: this.account.fixture.integrationId } });
    return { status: state?.status ?? 'none', scanned: state?.scanned ?? 0, queued: state?.queued ?? 0, imported };
  }
}

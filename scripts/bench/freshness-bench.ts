// Freshness: how long after CarrotQuest's webhook a chat is in the analytics, at an ordinary load, while
// other work runs (issue #27). Twenty accounts, one integration each, send 100 webhooks/s in all for a
// minute, CarrotQuest answering in 100 ms; the same again while another account's 20,000-conversation
// backfill runs, and while a third kind of account sends a 5,000-webhook burst. Latency = webhook
// received by the ingress -> chat committed, from the rows.
import { performance } from 'node:perf_hooks';
import { buildResolvedWebhookBody, type ChatScenario } from '@carrot-bridge/carrotquest-fake';
import { FormPoster, waitFor } from '@carrot-bridge/test-support';
import { appRuntime } from './app-command';
import { BenchBackfill, type BackfillProgress } from './bench-backfill';
import { sendBurst, type BurstLoad } from './burst-sender';
import { chatLatency, committedChats, type ChatLatency } from './chat-latency';
import { FreshnessStack, QUEUE_PREFIX, type BenchAccount } from './freshness-stack';
import { sendPaced, type PacedLoad } from './paced-sender';

export const FRESHNESS = {
  /**
   * 5/s each: inside the ingress's per-key limit and inside what the worker's per-integration cap on
   * CarrotQuest calls lets one integration import (cap / (3 calls × 100 ms): ~13/s at the default 4).
   * Five accounts at 20/s would each queue behind their own cap, and the rows would measure that queue.
   */
  accounts: 20,
  rate: 100,
  /** BENCH_FRESHNESS_SECONDS shortens the rows while developing; the reported run uses 60. */
  seconds: Number(process.env.BENCH_FRESHNESS_SECONDS ?? 60),
  apiLatencyMs: 100,
  backfill: 20_000,
  burst: 5_000,
  /** The burst starts this far into its row: the row's first seconds show the same system before it. */
  burstAfterSeconds: 10,
  warmUpSeconds: 10,
};

const LIVE_IDS_FROM = 30_000_000;
const BURST_IDS_FROM = 40_000_000;

export interface FreshnessRow {
  label: string;
  load: PacedLoad;
  /** The well-behaved accounts' chats over the whole row. */
  latency: ChatLatency;
  workerRssMb: number;
  backfill?: { importedDuringRow: number; atEnd: BackfillProgress };
  burst?: { load: BurstLoad; own: ChatLatency; duringBacklog: ChatLatency };
}

export interface FreshnessFigures {
  rows: FreshnessRow[];
  worker: string;
  /** The worker's CARROTQUEST_CALLS_PER_INTEGRATION as it ran. */
  callsPerIntegration: number;
  seconds: number;
}

function scenario(id: number): ChatScenario {
  return {
    conversationId: String(id),
    userId: String(id + 100_000_000),
    channel: id % 3 === 0 ? 'telegram' : 'widget',
    name: `Посетитель ${id}`,
    phone: id % 2 === 0 ? `+7912${String(id % 10_000_000).padStart(7, '0')}` : null,
    email: id % 2 === 1 ? `visitor${id}@example.ru` : null,
    messages: 6 + (id % 15),
  };
}

const webhook = (id: number) =>
  buildResolvedWebhookBody({ eventId: String(id), conversationId: String(id), userId: String(id + 100_000_000) });

/**
 * Two systems, each started afresh: the first runs the quiet row and then the burst row (last, since
 * the burst's backlog outlasts it), the second the backfill row (last too: a stopped backfill leaves
 * its queued imports behind, minutes of them at the per-integration cap). The burst's ratio is to the
 * quiet p99 of the same system.
 */
export class FreshnessBench {
  private stack = new FreshnessStack();
  private poster = new FormPoster(64);
  private live: BenchAccount[] = [];
  private started = performance.now();

  async run(): Promise<FreshnessFigures> {
    this.started = performance.now();
    const [quiet, burst] = await this.withSystem('Burst', async (burstAccount) => {
      for (let k = 0; k < FRESHNESS.burst; k += 1)
        this.stack.fake.addChat(burstAccount.apiKey, scenario(BURST_IDS_FROM + k));
      return [await this.pacedRow(1, 'paced, quiet'), await this.burstRow(3, burstAccount)];
    });
    const withBackfill = await this.withSystem('Backfill', async (backfillAccount) => {
      const backfill = new BenchBackfill(this.stack.t.db, backfillAccount);
      backfill.seed(this.stack.fake, FRESHNESS.backfill);
      await backfill.start(this.stack.redis.url, QUEUE_PREFIX);
      this.log('backfill importing');
      const before = await backfill.progress();
      const row = await this.pacedRow(
        2,
        `paced, ${FRESHNESS.backfill.toLocaleString('en')}-conversation backfill running`,
      );
      const atEnd = await backfill.progress();
      return { ...row, backfill: { importedDuringRow: atEnd.imported - before.imported, atEnd } };
    });
    return {
      rows: [quiet, withBackfill, burst],
      worker: appRuntime('worker'),
      callsPerIntegration: this.stack.workerConfig.CARROTQUEST_CALLS_PER_INTEGRATION,
      seconds: (performance.now() - this.started) / 1000,
    };
  }

  /** A fresh system with the live accounts and one more (`other`), warmed up; stopped after `rows`. */
  private async withSystem<T>(other: string, rows: (account: BenchAccount) => Promise<T>): Promise<T> {
    this.stack = new FreshnessStack();
    this.poster = new FormPoster(64);
    try {
      const names = [...Array.from({ length: FRESHNESS.accounts }, (_, i) => `Live ${i + 1}`), other];
      const accounts = await this.stack.start(names);
      this.live = accounts.slice(0, FRESHNESS.accounts);
      this.stack.fake.setLatency(FRESHNESS.apiLatencyMs);
      this.log('system up');
      await this.pacedRow(0, 'warm-up (not reported)', FRESHNESS.warmUpSeconds);
      return await rows(accounts[FRESHNESS.accounts]!);
    } finally {
      this.poster.close();
      await this.stack.stop();
    }
  }

  /** Row `row`: the live accounts' paced webhooks, `alongside` running meanwhile; waits for every chat. */
  private async pacedRow(
    row: number,
    label: string,
    seconds = FRESHNESS.seconds,
    alongside?: Promise<unknown>,
    sent?: () => void,
  ): Promise<FreshnessRow> {
    const ids = {
      from: LIVE_IDS_FROM + row * 1_000_000,
      to: LIVE_IDS_FROM + row * 1_000_000 + FRESHNESS.rate * seconds,
    };
    for (let id = ids.from; id < ids.to; id += 1)
      this.stack.fake.addChat(this.live[id % this.live.length]!.apiKey, scenario(id));
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, this.stack.workerRssMb() ?? 0)), 250);
    try {
      const load = await sendPaced(FRESHNESS.rate, seconds, (k) =>
        this.poster.post(this.live[(ids.from + k) % this.live.length]!.webhookUrl, webhook(ids.from + k)),
      );
      sent?.();
      await alongside;
      const accepted = load.sent - Object.values(load.refused).reduce((a, b) => a + b, 0);
      await waitFor(
        "the row's chats",
        async () => (await committedChats(this.stack.t.db, ids)) >= accepted,
        120_000,
        250,
      ).catch((error: Error) => console.error(`bench: ${error.message}: the row counts the chats committed so far`));
      const latency = await chatLatency(this.stack.t.db, ids);
      this.log(
        `${label}: ${load.achievedPerSecond.toFixed(1)}/s sent, p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms`,
      );
      return { label, load, latency, workerRssMb: Math.round(peakRss) };
    } finally {
      clearInterval(sampler);
    }
  }

  /**
   * Row 3: the paced load while another account bursts; the well-behaved accounts' latency while the
   * burst's backlog lasts. The burst's own imports go at its integration's cap (minutes for 5,000), so
   * the row ends with its backlog still there (reported) and the bench does not wait for it: the backlog
   * window is from its first webhook received to the end of the paced load.
   */
  private async burstRow(row: number, account: BenchAccount): Promise<FreshnessRow> {
    const burstIds = { from: BURST_IDS_FROM, to: BURST_IDS_FROM + FRESHNESS.burst };
    const burst = new Promise((resolve) => setTimeout(resolve, FRESHNESS.burstAfterSeconds * 1000)).then(() =>
      sendBurst(account.webhookUrl, FRESHNESS.burst, (k) => webhook(BURST_IDS_FROM + k)),
    );
    const label = `paced, another account bursts ${FRESHNESS.burst.toLocaleString('en')} after ${FRESHNESS.burstAfterSeconds} s`;
    let pacedEnd = new Date();
    const paced = await this.pacedRow(row, label, FRESHNESS.seconds, burst, () => (pacedEnd = new Date()));
    const load = await burst;
    const own = await chatLatency(this.stack.t.db, burstIds);
    const backlog = { from: own.firstReceived ?? pacedEnd, to: pacedEnd };
    const ids = { from: LIVE_IDS_FROM + row * 1_000_000, to: LIVE_IDS_FROM + (row + 1) * 1_000_000 };
    const duringBacklog = await chatLatency(this.stack.t.db, ids, backlog);
    this.log(
      `burst: ${load.accepted} accepted, ${own.n} imported by now; live p99 meanwhile ${duringBacklog.p99Ms} ms`,
    );
    return { ...paced, burst: { load, own, duringBacklog } };
  }

  private log(message: string): void {
    console.log(`bench: freshness +${Math.round((performance.now() - this.started) / 1000)} s: ${message}`);
  }
}

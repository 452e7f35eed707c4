// The freshness section of BENCHMARKS.md and its console lines: the rows, what ran beside them, and the
// targets of issue #27 each with met / NOT met and the distance to it.
import { RETRIES } from './burst-sender';
import { FRESHNESS, type FreshnessFigures, type FreshnessRow } from './freshness-bench';

const TARGET_QUIET_P99_MS = 500;
const TARGET_BACKFILL_P99_MS = 1_500;
const FAIRNESS_BOUND = 3;

function against(measured: number, target: number, unit: string): string {
  const met = measured <= target;
  const distance = met
    ? `${Math.round(target - measured)} ${unit} under it`
    : `${Math.round(measured - target)} ${unit} over it, ${(measured / target).toFixed(1)}× the target`;
  return `${met ? 'met' : 'NOT met'} (${distance})`;
}

export function freshnessVerdicts(f: FreshnessFigures): string[] {
  const [quiet, backfill, burst] = f.rows as [FreshnessRow, FreshnessRow, FreshnessRow];
  const during = burst.burst!.duringBacklog;
  const ratio = during.p99Ms / quiet.latency.p99Ms;
  return [
    `paced, quiet: p99 **${quiet.latency.p99Ms} ms** (target ≤ ${TARGET_QUIET_P99_MS} ms): ${against(quiet.latency.p99Ms, TARGET_QUIET_P99_MS, 'ms')}`,
    `paced with the backfill running: p99 **${backfill.latency.p99Ms} ms** (target ≤ ${TARGET_BACKFILL_P99_MS} ms): ${against(backfill.latency.p99Ms, TARGET_BACKFILL_P99_MS, 'ms')}`,
    `the well-behaved accounts while the burst's backlog lasted: p99 ${during.p99Ms} ms = **${ratio.toFixed(2)}×** the quiet p99 (fairness bound ≤ ${FAIRNESS_BOUND}×): ${ratio <= FAIRNESS_BOUND ? 'met' : 'NOT met'} (${ratio <= FAIRNESS_BOUND ? `${(FAIRNESS_BOUND - ratio).toFixed(2)}× under it` : `${(ratio - FAIRNESS_BOUND).toFixed(2)}× over it`}); over the whole row ${(burst.latency.p99Ms / quiet.latency.p99Ms).toFixed(2)}×`,
  ];
}

const refusedText = (r: FreshnessRow) =>
  Object.entries(r.load.refused)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ') || '0';

function tableRow(r: FreshnessRow): string {
  return `| ${r.label} | ${r.load.achievedPerSecond.toFixed(1)} | ${r.load.lateP99Ms} / ${r.load.lateMaxMs} | ${refusedText(r)} | ${r.latency.n.toLocaleString('en')} / ${r.load.sent.toLocaleString('en')} | ${r.latency.p50Ms} | ${r.latency.p99Ms} | ${r.workerRssMb} |`;
}

export function printFreshness(f: FreshnessFigures): void {
  console.table(
    f.rows.map((r) => ({
      run: r.label,
      'sent/s': Number(r.load.achievedPerSecond.toFixed(1)),
      'late p99 ms': r.load.lateP99Ms,
      refused: refusedText(r),
      committed: `${r.latency.n}/${r.load.sent}`,
      'p50 ms': r.latency.p50Ms,
      'p99 ms': r.latency.p99Ms,
      'worker RSS MB': r.workerRssMb,
    })),
  );
  for (const line of [...freshnessDetails(f), ...freshnessVerdicts(f)])
    console.log(`bench: ${line.replaceAll('**', '')}`);
}

function freshnessDetails(f: FreshnessFigures): string[] {
  const backfill = f.rows[1]!.backfill!;
  const { load, own, duringBacklog } = f.rows[2]!.burst!;
  const importing =
    own.lastCommitted && own.firstReceived ? (own.lastCommitted.getTime() - own.firstReceived.getTime()) / 1000 : 0;
  return [
    `backfill during its row: ${backfill.importedDuringRow.toLocaleString('en')} chats imported (${(backfill.importedDuringRow / FRESHNESS.seconds).toFixed(0)}/s), still ${backfill.atEnd.status} at the row's end (${backfill.atEnd.scanned.toLocaleString('en')} of ${FRESHNESS.backfill.toLocaleString('en')} conversations scanned, ${backfill.atEnd.queued.toLocaleString('en')} queued, ${backfill.atEnd.imported.toLocaleString('en')} imported)`,
    `burst: ${load.accepted.toLocaleString('en')} of ${load.sent.toLocaleString('en')} accepted by the ingress (${load.rateLimited} answers 429 on the way, ${load.givenUp} given up after ${RETRIES} retries), sent in ${load.seconds.toFixed(1)} s; ${own.n.toLocaleString('en')} of its chats imported by the row's end (${importing > 0 ? (own.n / importing).toFixed(1) : '0'}/s, the rest still queued: its backlog outlasted the row); the well-behaved accounts meanwhile: ${duringBacklog.n.toLocaleString('en')} chats, p50 ${duringBacklog.p50Ms} ms, p99 ${duringBacklog.p99Ms} ms`,
  ];
}

export function freshnessMarkdown(f: FreshnessFigures): string {
  return `## Freshness

${FRESHNESS.accounts} accounts (one integration each) send ${FRESHNESS.rate} webhooks/s in all, ${FRESHNESS.rate / FRESHNESS.accounts}/s each, for
${FRESHNESS.seconds} s: each webhook leaves at its own due time (a timer, not bursts), for a new conversation (6-20 messages), to the
ingress with its default per-key limits; the fake CarrotQuest answers every call in ${FRESHNESS.apiLatencyMs} ms; one worker
process (${f.worker}, default settings, hourly catch-up off; CARROTQUEST_CALLS_PER_INTEGRATION ${f.callsPerIntegration}, so one
integration imports at most ~${Math.floor(f.callsPerIntegration / ((3 * FRESHNESS.apiLatencyMs) / 1000))} chats/s at three calls a chat). Latency = webhook received by the ingress ->
chat committed, from the rows (\`webhookReceivedAt\`, \`createdAt\`), the ${FRESHNESS.accounts} paced accounts' chats only. Row 2: a
further account's backfill of ${FRESHNESS.backfill.toLocaleString('en')} conversations (started as the console starts one: run claimed in PostgreSQL,
catalog job queued; the worker scans and queues imports below live traffic) is importing when the row begins; it runs in a second system started afresh (the quiet and burst rows
share the first), since a backfill's queued imports would outlast its row.
Row 3: ${FRESHNESS.burstAfterSeconds} s in, one more account sends ${FRESHNESS.burst.toLocaleString('en')} webhooks as fast as the ingress answers (50
connections), each refused one sent again after the ingress's Retry-After, up to ${RETRIES} times (CarrotQuest documents
only "several times after a while"); the well-behaved accounts' figures while its backlog lasted count the chats
received from its first webhook to the end of the paced load. Each system first runs a ${FRESHNESS.warmUpSeconds} s paced warm-up, not reported. The section took
${Math.round(f.seconds)} s.

| run | sent/s (achieved) | sender late p99 / max ms | refused | chats committed / sent | p50 ms | p99 ms | worker RSS MB (peak) |
|---|---|---|---|---|---|---|---|
${f.rows.map(tableRow).join('\n')}

${freshnessDetails(f)
  .map((d) => `- ${d}`)
  .join('\n')}

Targets (issue #27):

${freshnessVerdicts(f)
  .map((v) => `- ${v}`)
  .join('\n')}
`;
}

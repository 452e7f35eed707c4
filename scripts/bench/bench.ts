// `pnpm bench`: the ingress and the pipeline benchmarks, each figure next to its baseline from the same
// run, printed as tables and written to BENCHMARKS.md. Not part of `pnpm test`.
//   BENCH_SKIP_INGRESS=1        pipeline only
//   BENCH_MAX_N=10000           skip the 100,000-chat run (the scaling row then stops at 10k)
//   BENCH_PROFILE=1 BENCH_WORKER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof"   one profiled run
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { benchIngress } from './ingress-bench';
import { PipelineBench, type PipelineFigures } from './pipeline-bench';

const MAX_N = Number(process.env.BENCH_MAX_N ?? 100_000);
const sections: string[] = [];

if (!process.env.BENCH_SKIP_INGRESS) sections.push((await benchIngress()).markdown);

const bench = new PipelineBench();
const runs: PipelineFigures[] = [];
try {
  await bench.start();
  const step = async (run: Promise<PipelineFigures>) => {
    const figures = await run;
    runs.push(figures);
    console.log(`bench: ${figures.label}, N=${figures.n}: ${Math.round(figures.chatsPerSecond)} chats/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, worker RSS ${figures.workerRssMb ?? '-'} MB`);
  };
  await step(bench.run('pipeline, CarrotQuest 0 ms (warm-up, not reported)', 1_000, 0));
  runs.pop();
  if (process.env.BENCH_PROFILE) {
    // One run to profile (with BENCH_WORKER_NODE_OPTIONS=--cpu-prof); no table, no BENCHMARKS.md.
    await step(bench.run('pipeline, CarrotQuest 0 ms (profiled)', 5_000, 0));
    await bench.stop();
    process.exit(0);
  }
  await step(bench.run('pipeline, CarrotQuest 0 ms', 1_000, 0));
  await step(bench.run('pipeline, CarrotQuest 0 ms', 10_000, 0));
  await step(bench.run('pipeline, CarrotQuest 100 ms', 10_000, 100));
  await step(bench.bareUpsertLoop(10_000));
  if (MAX_N >= 100_000) await step(bench.run('pipeline, CarrotQuest 0 ms', 100_000, 0));
} finally {
  await bench.stop();
}

const row = (f: PipelineFigures) => `| ${f.label} | ${f.n.toLocaleString('en')} | ${Math.round(f.chatsPerSecond)} | ${f.p50Ms || '-'} | ${f.p99Ms || '-'} | ${f.workerRssMb ?? '-'} |`;
const at0 = runs.filter((r) => r.label === 'pipeline, CarrotQuest 0 ms');
const ten = at0.find((r) => r.n === 10_000)!;
const slow = runs.find((r) => r.label === 'pipeline, CarrotQuest 100 ms')!;
const bare = runs.find((r) => r.label.startsWith('bare'))!;
const rates = at0.map((r) => r.chatsPerSecond);
const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
const peakRss = Math.max(...runs.map((r) => r.workerRssMb ?? 0));
console.table(runs.map((r) => ({ run: r.label, N: r.n, 'chats/s': Math.round(r.chatsPerSecond), 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, 'worker RSS MB': r.workerRssMb })));
const verdicts = [
  `${Math.round(ten.chatsPerSecond)} chats/s at 0 ms (target ≥ 1,000): ${ten.chatsPerSecond >= 1000 ? 'met' : 'NOT met'}`,
  `${Math.round(slow.chatsPerSecond)} chats/s at 100 ms (target ≥ 500): ${slow.chatsPerSecond >= 500 ? 'met' : 'NOT met'}`,
  `worker RSS peak ${peakRss} MB (target ≤ 300): ${peakRss <= 300 ? 'met' : 'NOT met'}`,
  `throughput spread across N = ${at0.map((r) => r.n.toLocaleString('en')).join(' / ')}: ${(spread * 100).toFixed(0)}% (target ≤ 20%): ${spread <= 0.2 ? 'met' : 'NOT met'}`,
  `pipeline / bare upsert loop at N = 10,000: ${((ten.chatsPerSecond / bare.chatsPerSecond) * 100).toFixed(0)}%`,
];
for (const v of verdicts) console.log(`bench: ${v}`);

sections.push(`## Pipeline

N new conversations (a third Telegram, the rest widget; 6-20 messages each) are sent to the ingress by
50 concurrent senders as fast as it answers; the worker (default settings: concurrency 50, pool 20)
reads each from the fake CarrotQuest (conversation, parts, user) and writes chat + messages. Chats/s =
N / (last chat committed - first webhook received); latency = webhook received by ingress -> chat row
committed, from the rows themselves. The database keeps every earlier run's rows, so later rows are
written into a bigger database. Baseline: the same rows written by 50 parallel loops of the bare
upsert (\`upsertChat\`), no Redis, no HTTP.

| run | N | chats/s | p50 ms | p99 ms | worker RSS MB |
|---|---|---|---|---|---|
${runs.map(row).join('\n')}

${verdicts.map((v) => `- ${v}`).join('\n')}

Reading the latencies: the senders outrun the worker, so p50/p99 are mostly time spent waiting in the
queue (they grow with N); they are not per-chat processing times.
`);

writeFileSync(
  'BENCHMARKS.md',
  `# Benchmarks

Written by \`pnpm bench\` (scripts/bench/); rerun it to refresh. Every figure is from one run on one
machine, next to its baseline from the same run. Everything (load generator, fake CarrotQuest, Redis,
PostgreSQL, ingress, worker) shares this machine, so the figures are a floor, not a capacity plan.

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.

${sections.join('\n')}
${readFileSync(new URL('./profile-history.md', import.meta.url), 'utf8')}`,
);
console.log('bench: wrote BENCHMARKS.md');
process.exit(0);

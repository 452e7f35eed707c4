// The pipeline section of `pnpm bench`: N webhooks through ingress -> Redis -> worker -> PostgreSQL at
// 0 and 100 ms CarrotQuest latency, next to the bare upsert loops of the same run; its tables and the
// targets' verdicts. BENCH_QUICK and BENCH_PROFILE run one comparison or one profiled run and exit.
import { runtimesLine } from './app-command';
import { PipelineBench, type PipelineFigures } from './pipeline-bench';

const MAX_N = Number(process.env.BENCH_MAX_N ?? 100_000);

export async function benchPipeline(): Promise<{ markdown: string }> {
  const bench = new PipelineBench();
  const runs: PipelineFigures[] = [];
  try {
    await bench.start();
    const step = async (run: Promise<PipelineFigures>) => {
      const figures = await run;
      runs.push(figures);
      console.log(
        `bench: ${figures.label}, N=${figures.n}: ${Math.round(figures.chatsPerSecond)} chats/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, worker RSS ${figures.workerRssMb ?? '-'} MB`,
      );
    };
    await step(bench.run('pipeline, CarrotQuest 0 ms (warm-up, not reported)', 1_000, 0));
    runs.pop();
    if (process.env.BENCH_QUICK) {
      // A quick comparison while tuning: the 10k run at 0 ms and its baseline only; no BENCHMARKS.md.
      await step(bench.run('pipeline, CarrotQuest 0 ms', 10_000, 0));
      await step(bench.bareUpsert(10_000, 1, 50));
      console.log(
        `bench: pipeline / bare single-row upsert loop: ${((runs[0]!.chatsPerSecond / runs[1]!.chatsPerSecond) * 100).toFixed(0)}%; CPU ms per chat ${JSON.stringify(runs[0]!.cpuMsPerChat)}`,
      );
      await bench.stop();
      process.exit(0);
    }
    if (process.env.BENCH_PROFILE) {
      // One run to profile (with BENCH_WORKER_NODE_OPTIONS=--cpu-prof); no table, no BENCHMARKS.md.
      await step(bench.run('pipeline, CarrotQuest 0 ms (profiled)', 5_000, 0));
      await bench.stop();
      process.exit(0);
    }
    await step(bench.run('pipeline, CarrotQuest 0 ms', 1_000, 0));
    await step(bench.run('pipeline, CarrotQuest 0 ms', 10_000, 0));
    await step(bench.run('pipeline, CarrotQuest 100 ms', 10_000, 100));
    await step(bench.bareUpsert(10_000, 1, 50));
    await step(bench.bareUpsert(10_000, 100, 2));
    if (MAX_N >= 100_000) await step(bench.run('pipeline, CarrotQuest 0 ms', 100_000, 0));
    await bench.setWorkerProcesses(2);
    await step(bench.run('pipeline, CarrotQuest 0 ms, WORKER_PROCESSES=2', 10_000, 0));
  } finally {
    await bench.stop();
  }

  const row = (f: PipelineFigures) =>
    `| ${f.label} | ${f.workers ?? '-'} | ${f.n.toLocaleString('en')} | ${Math.round(f.chatsPerSecond)} | ${f.p50Ms || '-'} | ${f.p99Ms || '-'} | ${f.workerRssMb ?? '-'} |`;
  const oneProcess = runs.filter((r) => r.workers === 1);
  const at0 = oneProcess.filter((r) => r.label === 'pipeline, CarrotQuest 0 ms');
  const ten = at0.find((r) => r.n === 10_000)!;
  const slow = oneProcess.find((r) => r.label === 'pipeline, CarrotQuest 100 ms')!;
  const two = runs.find((r) => r.workers === 2)!;
  const bare = runs.find((r) => r.label.startsWith('bare single-row'))!;
  const batched = runs.find((r) => r.label.startsWith('batched bare'))!;
  const rates = at0.map((r) => r.chatsPerSecond);
  const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
  const peakRss = Math.max(...oneProcess.map((r) => r.workerRssMb ?? 0));
  const pct = (a: PipelineFigures, b: PipelineFigures) => (a.chatsPerSecond / b.chatsPerSecond) * 100;
  console.table(
    runs.map((r) => ({
      run: r.label,
      workers: r.workers ?? '-',
      N: r.n,
      'chats/s': Math.round(r.chatsPerSecond),
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'worker RSS MB': r.workerRssMb,
    })),
  );
  const verdicts = [
    `pipeline at 0 ms, N = 10,000, one worker process: ${Math.round(ten.chatsPerSecond)} chats/s = **${pct(ten, bare).toFixed(0)}%** of the bare single-row upsert loop (target ≥ 60%): ${pct(ten, bare) >= 60 ? 'met' : 'NOT met'}`,
    `pipeline at 100 ms: ${Math.round(slow.chatsPerSecond)} chats/s = **${pct(slow, bare).toFixed(0)}%** of it (target ≥ 55%): ${pct(slow, bare) >= 55 ? 'met' : 'NOT met'}`,
    `distance to the batched ceiling: the pipeline reaches ${pct(ten, batched).toFixed(0)}% of the batched bare upsert (${Math.round(batched.chatsPerSecond)} chats/s; the single-row loop reaches ${pct(bare, batched).toFixed(0)}% of it)`,
    `two worker processes (WORKER_PROCESSES=2): ${Math.round(two.chatsPerSecond)} chats/s = ${pct(two, bare).toFixed(0)}% of the single-row loop, ${(two.chatsPerSecond / ten.chatsPerSecond).toFixed(2)}× one process`,
    `worker RSS peak (one process, every N run) ${peakRss} MB (target ≤ 250): ${peakRss <= 250 ? 'met' : 'NOT met'}`,
    `throughput spread across N = ${at0.map((r) => r.n.toLocaleString('en')).join(' / ')}: ${(spread * 100).toFixed(0)}% (target ≤ 20%): ${spread <= 0.2 ? 'met' : 'NOT met'}`,
  ];
  const roles = ['worker', 'ingress', 'bench', 'postgres', 'redis', 'other', 'softirq'];
  const cpuRow = (f: PipelineFigures) =>
    `| ${f.label} | ${f.workers ?? '-'} | ${f.n.toLocaleString('en')} | ${roles.map((r) => (f.cpuMsPerChat[r] ?? 0).toFixed(2)).join(' | ')} | ${roles.reduce((sum, r) => sum + (f.cpuMsPerChat[r] ?? 0), 0).toFixed(2)} | ${(f.cpuMsPerChat.idle ?? 0).toFixed(2)} |`;
  console.table(
    runs.map((r) => ({
      run: r.label,
      workers: r.workers ?? '-',
      N: r.n,
      ...Object.fromEntries(roles.map((role) => [`${role} ms`, r.cpuMsPerChat[role] ?? 0])),
    })),
  );
  for (const v of verdicts) console.log(`bench: ${v.replaceAll('**', '')}`);

  return {
    markdown: `## Pipeline

N new conversations (a third Telegram, the rest widget; 6-20 messages each) are sent to the ingress by
50 concurrent senders as fast as it answers; each worker process (default settings: concurrency 100,
pool 20, but CARROTQUEST_CALLS_PER_INTEGRATION 1000: one integration carries every chat, and its share
cap would measure one account's share, not the pipeline; apps at LOG_LEVEL=error; ${runtimesLine()}) reads each chat from the fake CarrotQuest (conversation, parts, user) and writes chat +
messages. Chats/s = N / (last chat committed - first webhook received); latency = webhook received
by ingress -> chat row committed, from the rows themselves. The database keeps every earlier run's
rows, so later rows are written into a bigger database. Baselines, no Redis, no HTTP, the worker's
own write path (node-postgres, \`upsertChats\`): the bare single-row upsert loop (50 loops, one chat
per statement and commit) and the batched bare upsert (2 loops of 100 chats per statement).

| run | worker processes | N | chats/s | p50 ms | p99 ms | worker RSS MB (peak of one process) |
|---|---|---|---|---|---|---|
${runs.map(row).join('\n')}

${verdicts.map((v) => `- ${v}`).join('\n')}

CPU per chat, by process (milliseconds of user + system time over the run / N; "bench" is the load
generator and the fake CarrotQuest, "other" anything else on the machine, "softirq" the kernel's
interrupt time, where loopback TCP between the processes is handled; "idle" is CPU nobody used):

| run | worker processes | N | worker | ingress | bench | postgres | redis | other | softirq | all busy | idle |
|---|---|---|---|---|---|---|---|---|---|---|---|
${runs.map(cpuRow).join('\n')}

Reading the latencies: the senders outrun the worker, so p50/p99 are mostly time spent waiting in the
queue (they grow with N); they are not per-chat processing times.
`,
  };
}

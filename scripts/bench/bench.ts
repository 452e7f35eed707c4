// `pnpm bench`: the ingress, pipeline and freshness benchmarks, each figure next to its baseline or
// target from the same run, printed as tables and written to BENCHMARKS.md. Not part of `pnpm test`.
//   pnpm bench --only freshness   one section (ingress, pipeline or freshness), printed only: BENCHMARKS.md
//                                 is written by a full run alone, so its sections always come from one run
//   BENCH_SKIP_INGRESS=1        no ingress section (printed only, as --only)
//   BENCH_APPS=tsx|compiled     which build of the apps runs (default: compiled where `pnpm build` made one)
//   BENCH_MAX_N=10000           skip the 100,000-chat run (the scaling row then stops at 10k)
//   BENCH_QUICK=1               one 10k run at 0 ms and the single-row baseline, printed only (while tuning)
//   BENCH_PROFILE=1 BENCH_WORKER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof"   one profiled run
//   BENCH_WORKER_NODE_OPTIONS="--max-semi-space-size=16 --heap-growing-percent=0"  the worker at V8's
//                               defaults (these flags come after its own, packages/config/src/app-launch.ts)
//   BENCH_FRESHNESS_SECONDS=20  shorter freshness rows while developing (the reported run uses 60)
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runtimesLine } from './app-command';
import { FreshnessBench } from './freshness-bench';
import { freshnessMarkdown, printFreshness } from './freshness-report';
import { benchIngress } from './ingress-bench';
import { benchPipeline } from './pipeline-section';

const SECTIONS = {
  ingress: benchIngress,
  pipeline: benchPipeline,
  freshness: async () => {
    const figures = await new FreshnessBench().run();
    printFreshness(figures);
    return { markdown: freshnessMarkdown(figures) };
  },
} as const;
type Section = keyof typeof SECTIONS;

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== undefined && !(only in SECTIONS)) {
  console.error(`bench: --only takes one of ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
const chosen = (Object.keys(SECTIONS) as Section[]).filter((name) =>
  only ? name === only : !(name === 'ingress' && process.env.BENCH_SKIP_INGRESS),
);
const complete = chosen.length === Object.keys(SECTIONS).length;

console.log(`bench: ${chosen.join(', ')}; ${runtimesLine()}`);
const sections: string[] = [];
const durations: string[] = [];
for (const name of chosen) {
  const started = performance.now();
  sections.push((await SECTIONS[name]()).markdown);
  const seconds = Math.round((performance.now() - started) / 1000);
  durations.push(`${name} ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
  console.log(`bench: the ${name} section took ${durations.at(-1)!.slice(name.length + 1)}`);
}

if (!complete) {
  console.log('bench: not every section ran, so BENCHMARKS.md is left as it is');
  process.exit(0);
}
writeFileSync(
  'BENCHMARKS.md',
  `# Benchmarks

Written by \`pnpm bench\` (scripts/bench/); rerun it to refresh. Every figure is from one run on one
machine, next to its baseline from the same run. Everything (load generator, fake CarrotQuest, Redis,
PostgreSQL, ingress, worker) shares this machine, so the figures are a floor, not a capacity plan.

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.
Apps: ${runtimesLine()} (\`BENCH_APPS\`). Sections took: ${durations.join('; ')}.

${sections.join('\n')}
${readFileSync(new URL('./profile-history.md', import.meta.url), 'utf8')}`,
);
console.log('bench: wrote BENCHMARKS.md');
process.exit(0);

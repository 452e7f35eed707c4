// `pnpm test:mutations [filter]`: proves that named tests can fail (issue #21, item 7). Each
// mutations/NN-<what-breaks>.patch breaks one behaviour on purpose. The script works in a throw-away
// `git worktree` of HEAD, never in the shared working tree: for each set of test files it first runs the
// named tests on the unmutated code (a test that already fails there proves nothing), then for each patch
// checks that it still applies, applies it, runs only the named tests (by --grep), expects each among the
// failures, and reverts it. The worktree is removed at the end, also on Ctrl-C, SIGTERM or an error.
// The format and how to add one: docs/testing.md#mutations.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const mutationsDir = join(root, 'mutations');
const mocharc = join(root, 'scripts/mutations/mocharc.json');
const mochaBin = join(root, 'node_modules/.bin/mocha');

interface Mutation {
  name: string;
  patch: string;
  what: string;
  tests: string[];
  titles: string[];
  /** Tests run before the named ones because those depend on them (an earlier step of one scenario); not judged. */
  alsoRun: string[];
  /** The files the patch changes, from git itself. */
  files: string[];
}

interface MochaTest {
  fullTitle: string;
  err?: { message?: string };
}
interface MochaJson {
  tests: MochaTest[];
  failures: MochaTest[];
  passes: MochaTest[];
}

function git(args: string[], cwd = root): { status: number; out: string } {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { status: run.status ?? 1, out: `${run.stdout}${run.stderr}`.trim() };
}

/** The throw-away checkouts of HEAD the patches are applied in (one per lane), until removed. */
const worktrees = new Set<{ dir: string; parent: string }>();

/**
 * A node_modules for the worktree that reaches the installed packages: pnpm's links are relative
 * (`../../../node_modules/.pnpm/…`, `../../../../packages/db`), so copied as they are they point at the
 * worktree's own workspace packages (the mutated code) and, through a link to the real `.pnpm` store, at
 * the installed libraries. Real folders other than a scope (`.pnpm`, `.bin`) are linked, not copied.
 */
function mirrorNodeModules(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const source = join(from, entry);
    const target = join(to, entry);
    if (existsSync(target)) continue;
    const stat = lstatSync(source);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (stat.isDirectory() && entry.startsWith('@')) mirrorNodeModules(source, target);
    else symlinkSync(source, target);
  }
}

function createWorktree(): string {
  const parent = mkdtempSync(join(tmpdir(), 'mutations-'));
  const dir = join(parent, 'tree');
  const add = git(['worktree', 'add', '--detach', dir, 'HEAD']);
  if (add.status !== 0) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`git worktree add failed: ${add.out}`);
  }
  worktrees.add({ dir, parent });
  const folders = [
    '.',
    ...['apps', 'packages'].flatMap((top) => readdirSync(join(root, top)).map((f) => `${top}/${f}`)),
  ];
  for (const folder of folders) {
    const modules = join(root, folder, 'node_modules');
    if (existsSync(modules) && existsSync(join(dir, folder)))
      mirrorNodeModules(modules, join(dir, folder, 'node_modules'));
  }
  // Prisma's generated client is not in git (pnpm db:generate writes it).
  const generated = 'packages/db/src/generated';
  if (existsSync(join(root, generated))) cpSync(join(root, generated), join(dir, generated), { recursive: true });
  return dir;
}

function removeWorktrees(): void {
  for (const tree of [...worktrees]) {
    worktrees.delete(tree);
    const removed = git(['worktree', 'remove', '--force', tree.dir]);
    rmSync(tree.parent, { recursive: true, force: true });
    if (removed.status !== 0) git(['worktree', 'prune']);
  }
}

/** The header: `Key: value` lines before the diff; a line starting with whitespace continues the previous one. */
function readMutation(file: string): Mutation {
  const patch = join(mutationsDir, file);
  const text = readFileSync(patch, 'utf8');
  const header = text.slice(0, Math.max(0, text.search(/^(?:diff --git |--- )/m)));
  const fields = new Map<string, string[]>();
  let last: string[] | null = null;
  for (const line of header.split('\n')) {
    const field = /^(Mutation|Test|Title|Also-run|Why):(.*)$/.exec(line);
    if (field) {
      const values = fields.get(field[1]!) ?? [];
      values.push(field[2]!.trim());
      fields.set(field[1]!, values);
      last = values;
    } else if (last && /^\s+\S/.test(line)) {
      last[last.length - 1] += ` ${line.trim()}`;
    }
  }
  const numstat = git(['apply', '--numstat', patch]);
  const files = numstat.status === 0 ? numstat.out.split('\n').map((l) => l.split('\t')[2]!) : [];
  return {
    name: file.replace(/\.patch$/, ''),
    patch,
    what: fields.get('Mutation')?.[0] ?? '',
    tests: fields.get('Test') ?? [],
    titles: fields.get('Title') ?? [],
    alsoRun: fields.get('Also-run') ?? [],
    files,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The folder holding the nearest package.json in `tree`: mocha runs there, as the package's own suite does. */
function packageOf(tree: string, testFile: string): string {
  let dir = dirname(join(tree, testFile));
  while (dir.startsWith(tree) && !existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const children = new Set<ChildProcess>();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    removeWorktrees();
    console.error(`\ninterrupted (${signal}); the worktrees are removed`);
    process.exit(130);
  });
}
process.on('exit', removeWorktrees);

function runMocha(
  grepTitles: string[],
  tree: string,
  cwd: string,
  tests: string[],
  needsServers: boolean,
): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'mutation-'));
  const report = join(out, 'report.json');
  const env: NodeJS.ProcessEnv = { ...process.env, CARROT_BRIDGE_ENV_FILE: 'none' };
  // A unit test (src/) runs as `pnpm test:unit` runs it: with no server to lean on.
  if (!needsServers) {
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
  }
  const grep = grepTitles.map((t) => `^${escapeRegExp(t)}$`).join('|');
  const args = ['--config', mocharc, '--reporter', 'json', '--reporter-option', `output=${report}`];
  args.push('--grep', grep, ...tests.map((t) => relative(cwd, join(tree, t))));
  return new Promise((done) => {
    let log = '';
    const child = spawn(mochaBin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('close', () => {
      children.delete(child);
      const json = existsSync(report) ? readFileSync(report, 'utf8') : '';
      rmSync(out, { recursive: true, force: true });
      done(json ? json : `\u0000${log}`);
    });
  });
}

const verbose = process.argv.includes('--verbose');

interface Run {
  ran: MochaTest[];
  failed: MochaTest[];
  passed: MochaTest[];
  lastLog: string;
}

/** Runs the tests whose full titles are given, from `tests`, in the worktree, package by package. */
async function runTests(tree: string, tests: string[], titles: string[]): Promise<Run> {
  const byPackage = new Map<string, string[]>();
  for (const test of tests) {
    const pkg = packageOf(tree, test);
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), test]);
  }
  const run: Run = { ran: [], failed: [], passed: [], lastLog: '' };
  for (const [pkg, files] of byPackage) {
    const needsServers = files.some((t) => !t.split('/').includes('src'));
    const output = await runMocha(titles, tree, pkg, files, needsServers);
    if (output.startsWith('\u0000')) {
      run.lastLog = output.slice(1);
      continue;
    }
    const json = JSON.parse(output) as MochaJson;
    run.ran.push(...json.tests);
    run.failed.push(...json.failures);
    run.passed.push(...json.passes);
  }
  return run;
}

/**
 * MUTATIONS_BASELINE=suite: the whole suite has just run every named test on this same commit and
 * passed (scripts/test-everything.sh sets it only then), so that run is the baseline and is not repeated.
 */
const baselineFromSuite = process.env.MUTATIONS_BASELINE === 'suite';

/** The named tests' results on the unmutated tree, once per set of test files. */
const baselines = new Map<string, Promise<Run>>();
function baseline(tree: string, mutation: Mutation, all: Mutation[]): Promise<Run> {
  const key = [...mutation.tests].sort().join('\n');
  let run = baselines.get(key);
  if (!run) {
    const sameFiles = all.filter((m) => [...m.tests].sort().join('\n') === key);
    run = runTests(tree, mutation.tests, [...new Set(sameFiles.flatMap((m) => [...m.titles, ...m.alsoRun]))]);
    baselines.set(key, run);
  }
  return run;
}

/** Null when every named test passes on the unmutated tree; else why the mutation proves nothing. */
function baselineProblem(mutation: Mutation, run: Run): string | null {
  const problems = mutation.titles
    .filter((title) => !run.passed.some((t) => t.fullTitle === title))
    .map((title) => {
      const failure = run.failed.find((t) => t.fullTitle === title || t.fullTitle.includes('hook'));
      if (failure)
        return `"${title}": ${failure.fullTitle === title ? '' : `${failure.fullTitle}: `}${(failure.err?.message ?? '').split('\n')[0]}`.slice(
          0,
          400,
        );
      return `"${title}" not found in ${mutation.tests.join(', ')} (renamed?)${run.lastLog ? `\n${run.lastLog.slice(-2000)}` : ''}`;
    });
  return problems.length ? `baseline fails (unmutated code): ${problems.join('; ')}` : null;
}

/**
 * Null when every named test failed; else why the mutation counts as not caught. With --verbose,
 * `caughtBy` gets each named test's failure message, printed under the mutation's line.
 */
async function judge(tree: string, mutation: Mutation, caughtBy: string[]): Promise<string | null> {
  const { ran, failed, lastLog } = await runTests(tree, mutation.tests, [...mutation.titles, ...mutation.alsoRun]);
  const problems: string[] = [];
  for (const title of mutation.titles) {
    const failure = failed.find((t) => t.fullTitle === title);
    if (failure) {
      if (verbose) caughtBy.push(`${title}: ${(failure.err?.message ?? '').split('\n')[0]!.slice(0, 300)}`);
      continue;
    }
    if (ran.some((t) => t.fullTitle === title)) problems.push(`survived: "${title}" passed`);
    else {
      const hook = failed.find((t) => t.fullTitle.includes('hook'));
      problems.push(
        hook
          ? `"${title}" did not run: ${hook.fullTitle}: ${hook.err?.message ?? ''}`.slice(0, 400)
          : `"${title}" not found in ${mutation.tests.join(', ')} (renamed?)${lastLog ? `\n${lastLog.slice(-2000)}` : ''}`,
      );
    }
  }
  return problems.length ? problems.join('; ') : null;
}

async function main(): Promise<void> {
  const filter = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '';
  const mutations = readdirSync(mutationsDir)
    .filter((f) => f.endsWith('.patch') && f.includes(filter))
    .sort()
    .map(readMutation);
  if (mutations.length === 0) {
    console.error(`no mutations/*.patch${filter ? ` matching "${filter}"` : ''}`);
    process.exit(1);
  }

  // The worktree holds HEAD: uncommitted changes are not tested (say so, rather than test something else).
  const dirty = [...new Set(mutations.flatMap((m) => m.files))].filter(
    (file) => git(['status', '--porcelain', '--', file]).out !== '',
  );
  if (dirty.length) console.error(`note: testing HEAD; uncommitted changes not included in:\n  ${dirty.join('\n  ')}`);
  const needServers = mutations.some((m) => m.tests.some((t) => !t.split('/').includes('src')));
  if (needServers && (!process.env.DATABASE_URL || !process.env.REDIS_URL)) {
    console.error('DATABASE_URL and REDIS_URL must name running servers (eval "$(scripts/test-services.sh start)")');
    process.exit(2);
  }

  let passed = 0;
  let failed = 0;
  const started = Date.now();
  // MUTATIONS_LANES=N: N worktrees test patches side by side (each lane one patch at a time; the tests
  // use scratch databases and key prefixes of their own, so lanes share the servers safely).
  const lanes = Math.max(1, Math.min(Number(process.env.MUTATIONS_LANES ?? 1) || 1, mutations.length));
  const queue = [...mutations];
  const lane = async (tree: string) => {
    for (let mutation = queue.shift(); mutation; mutation = queue.shift()) {
      const t0 = Date.now();
      const caughtBy: string[] = [];
      const problem = await testMutation(tree, mutation, mutations, caughtBy);
      const seconds = `${((Date.now() - t0) / 1000).toFixed(1)}s`.padStart(6);
      if (problem === null) {
        passed += 1;
        console.log(`caught    ${seconds}  ${mutation.name}: ${mutation.what}`);
        for (const line of caughtBy) console.log(`          ${line}`);
      } else {
        failed += 1;
        console.log(`FAILED    ${seconds}  ${mutation.name}: ${mutation.what}\n          ${problem}`);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, () => lane(createWorktree())));
  removeWorktrees();
  console.log(`\n${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)}s)`);
  if (failed) process.exitCode = 1;
}

/** Applies one patch in `tree`, judges it and reverts it: null when its named tests caught it. */
async function testMutation(
  tree: string,
  mutation: Mutation,
  all: Mutation[],
  caughtBy: string[],
): Promise<string | null> {
  if (!mutation.what || mutation.tests.length === 0 || mutation.titles.length === 0)
    return 'header needs Mutation:, Test: and Title: lines';
  const check = git(['apply', '--check', mutation.patch], tree);
  if (check.status !== 0) return `no longer applies to the tree: update the patch to the code it breaks\n${check.out}`;
  const problem = baselineFromSuite ? null : baselineProblem(mutation, await baseline(tree, mutation, all));
  if (problem !== null) return problem;
  const apply = git(['apply', mutation.patch], tree);
  if (apply.status !== 0) return `could not apply: ${apply.out}`;
  try {
    return await judge(tree, mutation, caughtBy);
  } finally {
    const back = git(['apply', '-R', mutation.patch], tree);
    if (back.status !== 0) throw new Error(`could not revert ${mutation.name} in the worktree: ${back.out}`);
  }
}

main().catch((error: unknown) => {
  removeWorktrees();
  console.error(error);
  process.exit(1);
});

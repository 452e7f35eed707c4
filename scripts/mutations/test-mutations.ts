// `pnpm test:mutations [filter]`: proves that named tests can fail (issue #21, item 7). Each
// mutations/NN-<what-breaks>.patch breaks one behaviour on purpose; for each, this script checks that the
// patch still applies, applies it, runs only the test file(s) its header names (only the named tests,
// by --grep), expects each named test among the failures, and reverts the patch — also on Ctrl-C, SIGTERM
// or an error. The format and how to add one: docs/testing.md#mutations.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

function git(args: string[]): { status: number; out: string } {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return { status: run.status ?? 1, out: `${run.stdout}${run.stderr}`.trim() };
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

/** The folder holding the nearest package.json: mocha runs there, as the package's own suite does. */
function packageOf(testFile: string): string {
  let dir = dirname(join(root, testFile));
  while (dir.startsWith(root) && !existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

let applied: Mutation | null = null;
let child: ChildProcess | null = null;

function revert(): void {
  if (!applied) return;
  const mutation = applied;
  applied = null;
  const back = git(['apply', '-R', mutation.patch]);
  if (back.status !== 0) {
    console.error(
      `!! could not revert ${mutation.name}: ${back.out}\n!! undo it by hand: git apply -R ${mutation.patch}`,
    );
    process.exitCode = 2;
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    child?.kill('SIGTERM');
    revert();
    console.error(`\ninterrupted (${signal}); the tree is as it was`);
    process.exit(130);
  });
}
process.on('exit', revert);

function runMocha(mutation: Mutation, cwd: string, tests: string[], needsServers: boolean): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'mutation-'));
  const report = join(out, 'report.json');
  const env: NodeJS.ProcessEnv = { ...process.env, CARROT_BRIDGE_ENV_FILE: 'none' };
  // A unit test (src/) runs as `pnpm test:unit` runs it: with no server to lean on.
  if (!needsServers) {
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
  }
  const grep = [...mutation.titles, ...mutation.alsoRun].map((t) => `^${escapeRegExp(t)}$`).join('|');
  const args = ['--config', mocharc, '--reporter', 'json', '--reporter-option', `output=${report}`];
  args.push('--grep', grep, ...tests.map((t) => relative(cwd, join(root, t))));
  return new Promise((done) => {
    let log = '';
    child = spawn(mochaBin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('close', () => {
      child = null;
      const json = existsSync(report) ? readFileSync(report, 'utf8') : '';
      rmSync(out, { recursive: true, force: true });
      done(json ? json : `\u0000${log}`);
    });
  });
}

const verbose = process.argv.includes('--verbose');
/** With --verbose, each named test's failure message, printed under the mutation's line. */
const caughtBy: string[] = [];

/** Null when every named test failed; else why the mutation counts as not caught. */
async function judge(mutation: Mutation): Promise<string | null> {
  const byPackage = new Map<string, string[]>();
  for (const test of mutation.tests) {
    const pkg = packageOf(test);
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), test]);
  }
  const ran: MochaTest[] = [];
  const failed: MochaTest[] = [];
  let lastLog = '';
  for (const [pkg, tests] of byPackage) {
    const needsServers = tests.some((t) => !t.split('/').includes('src'));
    const output = await runMocha(mutation, pkg, tests, needsServers);
    if (output.startsWith('\u0000')) {
      lastLog = output.slice(1);
      continue;
    }
    const json = JSON.parse(output) as MochaJson;
    ran.push(...json.tests);
    failed.push(...json.failures);
  }
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

  // Never over someone's work: a patched file must be as committed.
  const dirty = [...new Set(mutations.flatMap((m) => m.files))].filter(
    (file) => git(['status', '--porcelain', '--', file]).out !== '',
  );
  if (dirty.length) {
    console.error(`refusing to run: uncommitted changes in files the mutations patch:\n  ${dirty.join('\n  ')}`);
    process.exit(2);
  }
  const needServers = mutations.some((m) => m.tests.some((t) => !t.split('/').includes('src')));
  if (needServers && (!process.env.DATABASE_URL || !process.env.REDIS_URL)) {
    console.error('DATABASE_URL and REDIS_URL must name running servers (eval "$(scripts/test-services.sh start)")');
    process.exit(2);
  }

  let passed = 0;
  let failed = 0;
  const started = Date.now();
  for (const mutation of mutations) {
    const t0 = Date.now();
    let problem: string | null;
    if (!mutation.what || mutation.tests.length === 0 || mutation.titles.length === 0) {
      problem = 'header needs Mutation:, Test: and Title: lines';
    } else {
      const check = git(['apply', '--check', mutation.patch]);
      if (check.status !== 0) {
        problem = `no longer applies to the tree: update the patch to the code it breaks\n${check.out}`;
      } else {
        const apply = git(['apply', mutation.patch]);
        if (apply.status !== 0) problem = `could not apply: ${apply.out}`;
        else {
          applied = mutation;
          try {
            problem = await judge(mutation);
          } finally {
            revert();
          }
        }
      }
    }
    const seconds = `${((Date.now() - t0) / 1000).toFixed(1)}s`.padStart(6);
    if (problem === null) {
      passed += 1;
      console.log(`caught    ${seconds}  ${mutation.name}: ${mutation.what}`);
      for (const line of caughtBy.splice(0)) console.log(`          ${line}`);
    } else {
      failed += 1;
      console.log(`FAILED    ${seconds}  ${mutation.name}: ${mutation.what}\n          ${problem}`);
    }
  }
  console.log(`\n${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)}s)`);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  revert();
  console.error(error);
  process.exit(1);
});

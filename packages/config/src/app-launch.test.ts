import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { APP_NODE_FLAGS, compiledAppArguments, sourceAppArguments, type LaunchedApp } from './app-launch';
import { REPO_ROOT } from './dot-env';

const APPS: LaunchedApp[] = ['console', 'ingress', 'worker'];

/** A compose service's `command: [...]` as a list of strings (the file keeps each on one line). */
function composeCommand(compose: string, service: string): string[] {
  const block = compose.split(/\n  (?=[a-z-]+:\n)/).find((part) => part.startsWith(`${service}:\n`));
  const line = block?.split('\n').find((l) => l.trim().startsWith('command:'));
  if (!line) throw new Error(`docker-compose.yml: no command for ${service}`);
  return JSON.parse(line.trim().slice('command:'.length)) as string[];
}

describe('how node starts each app (app-launch)', () => {
  it('gives the worker its heap flags compiled and from source, and the other apps none', () => {
    expect(compiledAppArguments('worker')).to.deep.equal([
      '--enable-source-maps',
      '--max-semi-space-size=32',
      '--heap-growing-percent=100',
      'apps/worker/dist/main.js',
    ]);
    expect(sourceAppArguments('worker').slice(2, -1)).to.deep.equal([...APP_NODE_FLAGS.worker]);
    expect(compiledAppArguments('console', 'cq')).to.deep.equal(['--enable-source-maps', 'apps/console/dist/cq.js']);
    expect(sourceAppArguments('ingress')).to.deep.equal(['--import', 'tsx', 'apps/ingress/src/main.ts']);
  });

  it('starts every compose service exactly as production arguments say', () => {
    const compose = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    for (const app of APPS)
      expect(composeCommand(compose, app), app).to.deep.equal(['node', ...compiledAppArguments(app)]);
  });

  it("gives the worker package's own start script the same flags", () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/worker/package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(manifest.scripts.start).to.equal(`node --import tsx ${APP_NODE_FLAGS.worker.join(' ')} src/main.ts`);
  });

  it('gives the runtime smoke test the same flags', () => {
    const smoke = readFileSync(join(REPO_ROOT, 'scripts/smoke-runtime.sh'), 'utf8');
    expect(smoke).to.contain(`worker) flags=(${APP_NODE_FLAGS.worker.join(' ')}) ;; *) flags=() ;;`);
    expect(APP_NODE_FLAGS.console).to.deep.equal([]);
    expect(APP_NODE_FLAGS.ingress).to.deep.equal([]);
  });

  it('uses only flags this node accepts without a warning', () => {
    const run = spawnSync(process.execPath, [...APP_NODE_FLAGS.worker, '-e', 'process.stdout.write("ran")'], {
      encoding: 'utf8',
    });
    expect(run.stderr).to.equal('');
    expect(run.stdout).to.equal('ran');
    expect(run.status).to.equal(0);
  });
});

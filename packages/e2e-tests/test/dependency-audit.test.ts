import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { affects, compareVersions, lockedPackages } from '../../../scripts/audit-dependencies';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Issue #12, item 12: the CI audit works offline from an OSV advisory directory, or says it skipped.
describe('dependency audit (scripts/audit-dependencies.ts)', () => {
  it('reads every locked package version from pnpm-lock.yaml', () => {
    const packages = lockedPackages(
      "lockfileVersion: '9.0'\n\npackages:\n\n  '@bull-board/api@9.10.1':\n    resolution: {}\n\n  express@5.3.0:\n    resolution: {}\n\n  express@4.21.2(supports-color@8.1.1):\n    resolution: {}\n\nsnapshots:\n\n  not-this@1.0.0: {}\n",
    );
    expect([...packages.entries()].map(([name, versions]) => [name, [...versions]])).to.deep.equal([
      ['@bull-board/api', ['9.10.1']],
      ['express', ['5.3.0', '4.21.2']],
    ]);
  });

  it('compares versions and matches OSV ranges', () => {
    expect(compareVersions('1.10.0', '1.9.9')).to.be.above(0);
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).to.be.below(0);
    const advisory = {
      id: 'GHSA-test',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'express' },
          ranges: [
            {
              type: 'SEMVER',
              events: [{ introduced: '0' }, { fixed: '4.20.0' }, { introduced: '5.0.0' }, { last_affected: '5.0.1' }],
            },
          ],
        },
      ],
    };
    expect(affects(advisory, 'express', '4.19.2')).to.equal(true);
    expect(affects(advisory, 'express', '4.20.0')).to.equal(false);
    expect(affects(advisory, 'express', '5.0.1')).to.equal(true);
    expect(affects(advisory, 'express', '5.3.0')).to.equal(false);
    expect(affects(advisory, 'other', '4.19.2')).to.equal(false);
  });

  it('offline, fails on a high advisory that hits a locked version and names it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'osv-'));
    try {
      const express = [
        ...lockedPackages(spawnSync('cat', ['pnpm-lock.yaml'], { cwd: root, encoding: 'utf8' }).stdout).get('express')!,
      ][0]!;
      writeFileSync(
        join(directory, 'GHSA-fake-high.json'),
        JSON.stringify({
          id: 'GHSA-fake-high',
          summary: 'made up for the test',
          database_specific: { severity: 'HIGH' },
          affected: [{ package: { ecosystem: 'npm', name: 'express' }, versions: [express] }],
        }),
      );
      // PATH without pnpm: the online audit cannot run, as on a machine whose registry has no audit endpoint.
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-dependencies.ts'], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: '/nonexistent', OSV_NPM_DB: directory },
        timeout: 60_000,
      });
      expect(run.status, run.stdout + run.stderr).to.equal(1);
      expect(run.stdout).to.contain(`express@${express}: GHSA-fake-high (HIGH)`);
      const skipped = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-dependencies.ts'], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: '/nonexistent' },
        timeout: 60_000,
      });
      expect(skipped.status).to.equal(0);
      expect(skipped.stdout).to.contain('SKIPPED');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

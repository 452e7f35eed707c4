// CI's dependency audit (issue #12). Online: `pnpm audit` against the registry, failing on high or
// critical advisories. Where the registry's audit endpoint does not answer (this network), an offline
// source: OSV_NPM_DB, a directory of OSV advisories for npm (the unpacked
// https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip), matched against every package
// version in pnpm-lock.yaml. With neither, the step says clearly that it was skipped and why.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const say = (message: string) => console.log(`audit: ${message}`);

/** `name@version` of every package the lock file installs. */
export function lockedPackages(lockfile: string): Map<string, Set<string>> {
  const packages = new Map<string, Set<string>>();
  const section = lockfile.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  for (const match of section.matchAll(/^ {2}'?((?:@[^@/\s']+\/)?[^@\s']+)@([^(':\s]+)/gm)) {
    const [, name, version] = match;
    if (!packages.has(name!)) packages.set(name!, new Set());
    packages.get(name!)!.add(version!);
  }
  return packages;
}

function parseVersion(version: string): [number, number, number, string] {
  const [core, pre = ''] = version.split('+')[0]!.split(/-(.*)/s);
  const [major = 0, minor = 0, patch = 0] = (core ?? '').split('.').map((part) => Number(part) || 0);
  return [major, minor, patch, pre];
}

/** SemVer precedence (pre-releases before their release; pre-release tags compared as text). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  if (x[3] === y[3]) return 0;
  if (!x[3]) return 1;
  if (!y[3]) return -1;
  return x[3] < y[3] ? -1 : 1;
}

interface OsvAdvisory {
  id: string;
  summary?: string;
  database_specific?: { severity?: string };
  affected?: Array<{
    package?: { ecosystem?: string; name?: string };
    versions?: string[];
    ranges?: Array<{
      type: string;
      events: Array<{ introduced?: string; fixed?: string; last_affected?: string; limit?: string }>;
    }>;
  }>;
}

/** Whether `version` is inside one of the advisory's ranges (introduced <= v < fixed, or <= last_affected). */
export function affects(advisory: OsvAdvisory, name: string, version: string): boolean {
  for (const affected of advisory.affected ?? []) {
    if (affected.package?.ecosystem !== 'npm' || affected.package.name !== name) continue;
    if (affected.versions?.includes(version)) return true;
    for (const range of affected.ranges ?? []) {
      if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
      let introduced: string | null = null;
      for (const event of range.events) {
        if (event.introduced !== undefined) introduced = event.introduced === '0' ? '0.0.0-0' : event.introduced;
        const end = event.fixed ?? event.last_affected;
        if (end !== undefined && introduced !== null) {
          const inside =
            compareVersions(version, introduced) >= 0 &&
            (event.fixed ? compareVersions(version, end) < 0 : compareVersions(version, end) <= 0);
          if (inside) return true;
          introduced = null;
        }
      }
      if (introduced !== null && compareVersions(version, introduced) >= 0) return true;
    }
  }
  return false;
}

function auditOffline(directory: string): number {
  const packages = lockedPackages(readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8'));
  const findings: string[] = [];
  let read = 0;
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.json'))) {
    const advisory = JSON.parse(readFileSync(join(directory, file), 'utf8')) as OsvAdvisory;
    read += 1;
    for (const affected of advisory.affected ?? []) {
      const name = affected.package?.name;
      for (const version of (name && packages.get(name)) || []) {
        if (affects(advisory, name!, version))
          findings.push(
            `${name}@${version}: ${advisory.id} (${advisory.database_specific?.severity ?? 'severity unknown'}) ${advisory.summary ?? ''}`,
          );
      }
    }
  }
  const serious = findings.filter((f) => /\((HIGH|CRITICAL)\)/i.test(f));
  say(
    `offline (OSV, ${read} advisories) against ${packages.size} locked packages: ${findings.length} finding(s), ${serious.length} high or critical`,
  );
  for (const line of [...new Set(findings)]) console.log(`  ${line}`);
  return serious.length > 0 ? 1 : 0;
}

function main(): number {
  const online = spawnSync('pnpm', ['audit', '--prod', '--audit-level', 'high'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${online.stdout ?? ''}${online.stderr ?? ''}`;
  const unreachable =
    online.error !== undefined ||
    /ERR_PNPM_AUDIT_BAD_RESPONSE|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|audit endpoint/i.test(output);
  if (!unreachable) {
    process.stdout.write(output);
    say(
      online.status === 0 ? 'pnpm audit: no high or critical advisory' : 'pnpm audit found high or critical advisories',
    );
    return online.status ?? 1;
  }
  const database = process.env.OSV_NPM_DB;
  if (database && existsSync(database)) return auditOffline(database);
  say(
    `SKIPPED: the registry's audit endpoint does not answer here (${(online.error?.message ?? output.trim().split('\n').pop() ?? '').slice(0, 200)}),`,
  );
  say(
    'and no offline advisory database is configured. To audit offline, unpack https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip and set OSV_NPM_DB to that directory.',
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exit(main());

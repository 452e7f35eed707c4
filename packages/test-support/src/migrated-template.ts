import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';

/** One advisory-lock key for every test process building the template (an arbitrary constant). */
const TEMPLATE_LOCK_KEY = 7_402_118_233;
/** `CREATE DATABASE ... TEMPLATE` is refused while another session is connected to the template. */
const TEMPLATE_IN_USE = '55006';

const templates = new Map<string, Promise<string>>();

/** A digest of every file under the migrations folder: a changed or added migration makes a new template. */
export function migrationsDigest(migrationsDir: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(migrationsDir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(migrationsDir);
  return hash.digest('hex');
}

/**
 * The name of a database holding every migration, marked as a template, built once per migrations digest
 * on this server (under an advisory lock, as the suites' processes start together) and cloned by
 * `createTestDatabase`: a clone is a file copy, where `prisma migrate deploy` per test database spent
 * seconds of every suite's set-up on the same DDL.
 */
export function migratedTemplate(adminUrl: string, repoRoot: string): Promise<string> {
  let template = templates.get(adminUrl);
  if (!template) {
    template = buildTemplate(adminUrl, repoRoot);
    templates.set(adminUrl, template);
    template.catch(() => templates.delete(adminUrl));
  }
  return template;
}

async function buildTemplate(adminUrl: string, repoRoot: string): Promise<string> {
  const name = `cb_tpl_${migrationsDigest(join(repoRoot, 'prisma', 'migrations')).slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const { rows } = await admin.query<{ ready: boolean }>(
      'SELECT datistemplate AS ready FROM pg_database WHERE datname = $1',
      [name],
    );
    if (rows[0]?.ready) return name;
    // A template left half-built by a process that died is built again.
    if (rows.length > 0) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    execFileSync('pnpm', ['exec', 'prisma', 'migrate', 'deploy'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // No connections from now on: a clone needs the template to itself.
    await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
    await admin.end();
  }
}

/** `CREATE DATABASE name TEMPLATE template`, waiting out a session still closing on the template. */
export async function cloneTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== TEMPLATE_IN_USE || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

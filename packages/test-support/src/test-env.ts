import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { cloneTemplate, migratedTemplate } from './migrated-template';
import { createPrismaClient, createSqlPool, poolSqlRunner, type Database, type SqlRunner } from '@carrot-bridge/db';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The servers integration tests run against. A missing variable is a loud failure, never a skip:
 * `scripts/test-services.sh start` (what .ci/run uses) provides both.
 */
export function requireEnv(name: 'DATABASE_URL' | 'REDIS_URL'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: integration tests need a real server. Run: eval "$(scripts/test-services.sh start)"`,
    );
  }
  return value;
}

/**
 * The runtime directory the suites start the apps from (CARROT_BRIDGE_APP_DIR, set by scripts/test.sh
 * and test-everything.sh), or undefined: the apps' sources through tsx. Read here, with the servers'
 * variables, so the tests' environment is read in one module.
 */
export function appRuntimeDir(): string | undefined {
  return process.env.CARROT_BRIDGE_APP_DIR?.trim() || undefined;
}

export interface TestDatabase {
  url: string;
  /** Prisma over `pool`. */
  db: Database;
  /** The same pool queried directly (what the worker's chat store uses). */
  sql: SqlRunner;
  drop(): Promise<void>;
}

/**
 * A fresh database with every migration applied (as `prisma migrate deploy` does in production): a clone
 * of a template migrated once per run (migratedTemplate).
 */
export async function createTestDatabase(label: string, adminUrl = requireEnv('DATABASE_URL')): Promise<TestDatabase> {
  const name = `cb_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const template = await migratedTemplate(adminUrl, repoRoot);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await cloneTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createSqlPool({ url: url.toString(), poolSize: 20 });
  // An idle connection the server ends (a test stopping PostgreSQL) is not a test failure.
  pool.on('error', () => undefined);
  const db = createPrismaClient({ pool });
  return {
    url: url.toString(),
    db,
    sql: poolSqlRunner(pool),
    async drop() {
      await db.$disconnect();
      await pool.end();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await sessionsGone(cleanup, name);
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** How long a drop waits for the database's sessions to end before it ends them itself. */
const SESSIONS_GONE_WAIT_MS = 2_000;

/**
 * Waits (bounded) until no session is connected to the database. A pool's `end()` resolves once its
 * clients are told to close, not once the server has let them go; a forced drop in between terminates
 * them, and a closing client reports "terminating connection due to administrator command" to no
 * listener: an uncaught error in whichever test runs next (CI saw it in batched-chat-store.test.ts).
 */
async function sessionsGone(admin: pg.Client, database: string): Promise<void> {
  const deadline = Date.now() + SESSIONS_GONE_WAIT_MS;
  for (;;) {
    const { rows } = await admin.query<{ sessions: number }>(
      "SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'",
      [database],
    );
    if (rows[0]!.sessions === 0 || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

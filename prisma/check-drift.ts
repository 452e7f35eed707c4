// Proves that prisma/migrations produce exactly the schema that prisma/schema.prisma describes.
//
// Prisma's own `migrate diff --from-migrations` cannot run here (its describe step fails through a
// driver adapter), so the check is done the long way, which is also engine-independent: build one
// scratch database by applying the migrations (`prisma migrate deploy`, as production does), a second
// one from the SQL Prisma generates for schema.prisma, and compare their pg_dump --schema-only output.
// Needs DATABASE_URL pointing at a server where the user may CREATE DATABASE, and pg_dump on PATH.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('db:check: DATABASE_URL is not set (a PostgreSQL server where scratch databases may be created)');
  process.exit(1);
}

function urlFor(database: string): string {
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

function prisma(args: string[], databaseUrl: string): string {
  return execFileSync('pnpm', ['exec', 'prisma', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Column order is not schema: `ALTER TABLE ... ADD COLUMN` appends, while a fresh CREATE TABLE follows
 * the model's field order. Each table's column lines are sorted (trailing commas dropped) before comparing.
 */
function normaliseColumnOrder(sql: string): string {
  return sql.replace(/(CREATE TABLE [^\n]+ \(\n)([\s\S]*?)(\n\);)/g, (_m, head: string, body: string, tail: string) => {
    const columns = body
      .split('\n')
      .map((line) => line.replace(/,$/, ''))
      .sort();
    return head + columns.join('\n') + tail;
  });
}

function dump(databaseUrl: string): string {
  const text = execFileSync(
    'pg_dump',
    ['--schema-only', '--no-owner', '--no-privileges', '--exclude-table=_prisma_migrations', databaseUrl],
    {
      encoding: 'utf8',
    },
  );
  // pg_dump prints a random \restrict token (newer releases) and version banners: not schema.
  return normaliseColumnOrder(
    text
      .split('\n')
      .filter(
        (line) =>
          !line.startsWith('--') &&
          !line.startsWith('\\restrict') &&
          !line.startsWith('\\unrestrict') &&
          line.trim() !== '',
      )
      .join('\n'),
  );
}

const suffix = randomBytes(4).toString('hex');
const fromMigrations = `cb_drift_migrations_${suffix}`;
const fromSchema = `cb_drift_schema_${suffix}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
let failed = false;
try {
  await admin.query(`CREATE DATABASE ${fromMigrations}`);
  await admin.query(`CREATE DATABASE ${fromSchema}`);

  prisma(['migrate', 'deploy'], urlFor(fromMigrations));

  const sql = prisma(
    ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    urlFor(fromSchema),
  );
  const client = new pg.Client({ connectionString: urlFor(fromSchema) });
  await client.connect();
  await client.query(sql);
  await client.end();

  const migrated = dump(urlFor(fromMigrations));
  const declared = dump(urlFor(fromSchema));
  if (migrated !== declared) {
    const dir = mkdtempSync(join(tmpdir(), 'cb-drift-'));
    writeFileSync(join(dir, 'from-migrations.sql'), migrated);
    writeFileSync(join(dir, 'from-schema.sql'), declared);
    let diff = '';
    try {
      execFileSync('diff', ['-u', join(dir, 'from-migrations.sql'), join(dir, 'from-schema.sql')], {
        encoding: 'utf8',
      });
    } catch (error) {
      diff = (error as { stdout?: string }).stdout ?? '';
    }
    console.error('db:check: DRIFT — prisma/migrations do not produce the schema in prisma/schema.prisma.');
    console.error('Create a migration with: pnpm db:new-migration <name>\n');
    console.error(diff.split('\n').slice(0, 80).join('\n'));
    failed = true;
  } else {
    const tables = (migrated.match(/^CREATE TABLE/gm) ?? []).length;
    console.log(
      `db:check: migrations match schema.prisma (${tables} tables, ${migrated.split('\n').length} schema lines compared)`,
    );
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${fromMigrations} WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${fromSchema} WITH (FORCE)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);

// Writes prisma/migrations/<timestamp>_<name>/migration.sql from the change of prisma/schema.prisma
// since the last commit (`prisma migrate dev` cannot run offline). `pnpm db:check` then proves the
// migrations and the schema agree. Usage: pnpm db:new-migration add_chat_priority
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: pnpm db:new-migration <snake_case_name>');
  process.exit(2);
}
const previous = join(mkdtempSync(join(tmpdir(), 'cb-migration-')), 'schema.prisma');
writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' }));
const sql = execFileSync(
  'pnpm',
  [
    'exec',
    'prisma',
    'migrate',
    'diff',
    '--from-schema-datamodel',
    previous,
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
if (!/\S/.test(sql.replace(/^--.*$/gm, ''))) {
  console.log('schema.prisma has not changed since HEAD: no migration written');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql);
console.log(`wrote ${dir}/migration.sql`);

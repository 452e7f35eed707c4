// `prisma migrate deploy` for `pnpm start`, said in one line. Prisma 6 prints a warning on every run
// here ("url ... will NOT be used!"): the CLI connects through the driver adapter of prisma.config.ts,
// yet Prisma 6 still requires a `url` in schema.prisma (generate fails without one), so the warning is
// a fact of this set-up, not a problem. Its full output is shown only when it fails.
import { spawnSync } from 'node:child_process';

export function migrateDatabase(env: NodeJS.ProcessEnv, cwd: string): { ok: boolean; summary: string; output: string } {
  const result = spawnSync('pnpm', ['exec', 'prisma', 'migrate', 'deploy'], { env, cwd, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`;
  const found = output.match(/\b\d+ migrations? found/)?.[0];
  const outcome = /No pending migrations/.test(output) ? 'the database is up to date' : 'the pending ones applied';
  return { ok: result.status === 0, summary: `database migrations: ${found ?? '?'}, ${outcome}`, output };
}

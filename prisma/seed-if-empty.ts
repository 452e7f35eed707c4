// Seeds the demo account only when the database has no account yet (used by `pnpm start`).
import { envUrl, loadConfig, loadConfigOrExit, z } from '@carrot-bridge/config';
import { createPrismaClient } from '@carrot-bridge/db';

// loadConfigOrExit: reads .env like every entry point, and a missing DATABASE_URL is one line, not a trace.
const config = loadConfigOrExit('db:seed', (env) =>
  loadConfig(z.object({ DATABASE_URL: envUrl(['postgres', 'postgresql']) }), env),
);
const db = createPrismaClient({ url: config.DATABASE_URL, poolSize: 1 });
const accounts = await db.account.count();
await db.$disconnect();
if (accounts === 0) await import('./seed');
else console.log(`db:seed: skipped, the database already has ${accounts} account(s)`);

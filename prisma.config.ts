// Prisma CLI configuration. The CLI runs the JS/wasm schema engine through a driver adapter, so
// `migrate deploy` and `migrate diff` work with no native engine binary (none can be downloaded here).
// The adapter used by the CLI is @prisma/adapter-pg 7.x (aliased): 6.19's adapter cannot read
// PostgreSQL's `name` columns during `migrate deploy`. The runtime client keeps the 6.19 adapter.
//
// With a config file Prisma reads no `.env` itself ("Prisma config detected, skipping environment variable
// loading"), so it is read here as in every entry point (the real environment wins).
//
// Why `url` stays in schema.prisma although the CLI connects through the adapter: Prisma 6 cannot read a
// postgresql datasource without one (`prisma generate` then fails and tries to download an engine), so
// migrate prints "The values from your schema will NOT be used!" — expected here; `pnpm start` runs
// migrate through scripts/migrate-database.ts, which shows Prisma's output only when it fails.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from 'prisma-adapter-pg-migrate';
import { loadDotEnv } from '@carrot-bridge/config';

loadDotEnv();

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set: the Prisma CLI needs a PostgreSQL URL');
    return new PrismaPg({ connectionString });
  },
});

// Prisma CLI configuration. The CLI runs the JS/wasm schema engine through a driver adapter, so
// `migrate deploy` and `migrate diff` work with no native engine binary (none can be downloaded here).
// The adapter used by the CLI is @prisma/adapter-pg 7.x (aliased): 6.19's adapter cannot read
// PostgreSQL's `name` columns during `migrate deploy`. The runtime client keeps the 6.19 adapter.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from 'prisma-adapter-pg-migrate';

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

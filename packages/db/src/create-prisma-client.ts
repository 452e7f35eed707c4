import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type DatabaseOptions =
  | {
      url: string;
      /** Connections in this process's pool; the worker sizes it to its concurrency. */
      poolSize?: number;
    }
  /** A node-postgres pool the process also queries directly (createSqlPool); Prisma does not close it. */
  | { pool: pg.Pool };

export type Database = PrismaClient;

/** The one way an app gets a database client: engine-free Prisma over node-postgres. */
export function createPrismaClient(options: DatabaseOptions): Database {
  const adapter =
    'pool' in options
      ? new PrismaPg(options.pool, { disposeExternalPool: false })
      : new PrismaPg({
          connectionString: options.url,
          max: options.poolSize ?? 10,
          // Fail a query fast when PostgreSQL is gone, so a job retries instead of hanging its worker slot.
          connectionTimeoutMillis: 5_000,
        });
  return new PrismaClient({ adapter });
}

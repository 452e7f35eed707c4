import pg from 'pg';
import type { Database } from './create-prisma-client';

/**
 * Runs one parameterised statement ($1, $2...) and returns its rows. The worker's hot path goes
 * straight to node-postgres: a Prisma call costs the worker several times the CPU of the same statement
 * through node-postgres (BENCHMARKS.md, "Profile-driven changes"). Prisma keeps the schema, the
 * migrations and every other query.
 */
export interface SqlRunner {
  rows<T>(text: string, values: readonly unknown[]): Promise<T[]>;
}

export interface SqlPoolOptions {
  url: string;
  /** Connections in this pool. */
  poolSize?: number;
}

/** A node-postgres pool; the same one can be handed to Prisma (createPrismaClient({ pool })). */
export function createSqlPool(options: SqlPoolOptions): pg.Pool {
  // Fail a query fast when PostgreSQL is gone, so a job retries instead of hanging its worker slot.
  return new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
}

export function poolSqlRunner(pool: pg.Pool): SqlRunner {
  return {
    async rows<T>(text: string, values: readonly unknown[]) {
      return (await pool.query({ text, values: values as unknown[] })).rows as T[];
    },
  };
}

/** The same statements through Prisma (for callers that only hold a Prisma client). */
export function prismaSqlRunner(db: Database): SqlRunner {
  return {
    async rows<T>(text: string, values: readonly unknown[]) {
      return db.$queryRawUnsafe<T[]>(text, ...values);
    },
  };
}

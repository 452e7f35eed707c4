import type { Database } from './create-prisma-client';

/** Resolves when PostgreSQL answers a trivial query; rejects with the driver's error otherwise. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

/** Every account, oldest first, as the console's account picker lists them. */
export async function listAccounts(db: Database) {
  return db.account.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, name: true } });
}

export async function accountExists(db: Database, accountId: string): Promise<boolean> {
  return (await db.account.findUnique({ where: { id: accountId }, select: { id: true } })) !== null;
}

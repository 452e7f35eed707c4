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

/** What the operator sees of an account (`pnpm cq accounts list`): the cabinet's id beside ours. */
export async function listAccountsForOperator(db: Database) {
  return db.account.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, cabinetAccountId: true, createdAt: true },
  });
}

/**
 * A new account. `cabinetAccountId` is the analytics cabinet's own id of it, the one its sign-in tokens
 * name; it is unique, so a second account with the same one is a unique violation (the caller's 409).
 */
export async function createAccount(db: Database, input: { name: string; cabinetAccountId: string | null }) {
  return db.account.create({
    data: { name: input.name, cabinetAccountId: input.cabinetAccountId },
    select: { id: true, name: true, cabinetAccountId: true, createdAt: true },
  });
}

/** Our account the cabinet's account id maps to, or null. */
export async function findAccountIdByCabinetId(db: Database, cabinetAccountId: string): Promise<string | null> {
  const found = await db.account.findUnique({ where: { cabinetAccountId }, select: { id: true } });
  return found?.id ?? null;
}

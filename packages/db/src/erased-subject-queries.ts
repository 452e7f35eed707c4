import type { SqlRunner } from './sql-runner';

/**
 * The newest erasure of any of `digests` (personalDataDigest of `kind:value`) in the account, or null when
 * none of them was erased: what the import asks before it writes a question (docs/personal-data.md, "No
 * way back in"). One read of the ErasedSubject primary key (accountId, digest).
 */
export async function findLatestErasure(
  sql: SqlRunner,
  accountId: string,
  digests: readonly string[],
): Promise<Date | null> {
  if (digests.length === 0) return null;
  // `timestamp(3)` holds UTC without a zone: read it as UTC whatever the process's time zone.
  const [row] = await sql.rows<{ erasedAt: Date | string | null }>(
    `SELECT max("erasedAt") AT TIME ZONE 'UTC' AS "erasedAt"
       FROM "ErasedSubject" WHERE "accountId" = $1::uuid AND "digest" = ANY($2::text[])`,
    [accountId, [...new Set(digests)]],
  );
  return row?.erasedAt ? new Date(row.erasedAt) : null;
}

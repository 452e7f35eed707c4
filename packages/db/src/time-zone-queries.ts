import type { Database } from './create-prisma-client';

/**
 * The time zone names this PostgreSQL knows (`AT TIME ZONE` refuses any other). Not the same list as
 * the JavaScript runtime's: `US/Pacific-New` is one Intl accepts and PostgreSQL does not.
 */
export async function listTimeZoneNames(db: Database): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ name: string }>>`SELECT name FROM pg_timezone_names`;
  return rows.map((row) => row.name);
}

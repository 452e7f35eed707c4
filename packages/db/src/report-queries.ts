import { Prisma } from './generated/prisma/client';
import type { Database } from './create-prisma-client';

/** What the «Отчёт» page splits a day's chats by. */
export const REPORT_DIMENSIONS = ['source', 'campaign', 'channel', 'attributionKind', 'employee'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ChatsPerDayQuery {
  accountId: string;
  dimension: ReportDimension;
  /** First and last day of the period (YYYY-MM-DD), both included, as days in `timeZone`. */
  from: string;
  to: string;
  /** IANA zone the days are cut in (the caller has checked it is one). */
  timeZone: string;
  integrationId?: string | null;
}

export interface ChatsPerDayRow {
  /** YYYY-MM-DD in the query's time zone. */
  day: string;
  /** The dimension's value: an id (source, campaign, employee) or an enum value; null when the chat has none. */
  bucket: string | null;
  /** A source's or employee's name; a campaign's name and its site's domain; null for enums and empty buckets. */
  name: string | null;
  siteDomain: string | null;
  chats: number;
}

/**
 * The column of each dimension. Only these literals ever reach the SQL text; the user's choice is
 * checked against REPORT_DIMENSIONS first.
 */
const BUCKET_COLUMN: Record<ReportDimension, Prisma.Sql> = {
  source: Prisma.sql`c."sourceId"`,
  campaign: Prisma.sql`c."campaignId"`,
  channel: Prisma.sql`c."channel"`,
  attributionKind: Prisma.sql`c."attributionKind"`,
  // The chat's employee: the operator who first answered the question, mapped (issue #23), or the default.
  employee: Prisma.sql`c."employeeId"`,
};

/** How a bucket is named: the joins that give each dimension's names (enums have none). */
const BUCKET_NAMES: Record<ReportDimension, Prisma.Sql> = {
  source: Prisma.sql`s."name" AS "name", NULL::text AS "siteDomain" FROM per_day p LEFT JOIN "Source" s ON s."id" = p.bucket`,
  campaign: Prisma.sql`k."name" AS "name", st."domain" AS "siteDomain" FROM per_day p LEFT JOIN "Campaign" k ON k."id" = p.bucket LEFT JOIN "Site" st ON st."id" = k."siteId"`,
  channel: Prisma.sql`NULL::text AS "name", NULL::text AS "siteDomain" FROM per_day p`,
  attributionKind: Prisma.sql`NULL::text AS "name", NULL::text AS "siteDomain" FROM per_day p`,
  employee: Prisma.sql`e."name" AS "name", NULL::text AS "siteDomain" FROM per_day p LEFT JOIN "Employee" e ON e."id" = p.bucket`,
};

/**
 * Chats per day and bucket: one aggregate over Chat_report_idx (an index-only range scan of the
 * account's period, hashed by (date, bucket): a date is narrow, a formatted day is not), then the few
 * resulting rows joined to their names. `startedAt` is stored as UTC
 * without a zone, so the period's bounds are turned into UTC instants once (sargable), and each chat's
 * day is its start read in `timeZone` (DST-correct, PostgreSQL's own zone database).
 */
export function chatsPerDaySql(q: ChatsPerDayQuery): Prisma.Sql {
  const bucket = BUCKET_COLUMN[q.dimension];
  const names = BUCKET_NAMES[q.dimension];
  return Prisma.sql`
    WITH per_day AS (
      SELECT ((c."startedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${q.timeZone}::text)::date AS day,
             ${bucket} AS bucket,
             count(*)::int AS chats
        FROM "Chat" c
       WHERE c."accountId" = ${q.accountId}::uuid
         AND c."startedAt" >= (${q.from}::date::timestamp AT TIME ZONE ${q.timeZone}::text) AT TIME ZONE 'UTC'
         AND c."startedAt" < ((${q.to}::date + 1)::timestamp AT TIME ZONE ${q.timeZone}::text) AT TIME ZONE 'UTC'
         ${q.integrationId ? Prisma.sql`AND c."integrationId" = ${q.integrationId}::uuid` : Prisma.empty}
       GROUP BY 1, 2
    )
    SELECT to_char(p.day, 'YYYY-MM-DD') AS "day", p.bucket::text AS "bucket", p.chats AS "chats", ${names}
     ORDER BY p.day, p.bucket::text NULLS LAST`;
}

export async function chatsPerDay(db: Database, q: ChatsPerDayQuery): Promise<ChatsPerDayRow[]> {
  return db.$queryRaw<ChatsPerDayRow[]>(chatsPerDaySql(q));
}

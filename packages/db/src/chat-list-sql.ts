import { Prisma } from './generated/prisma/client';
import type { AttributionKind, ChatChannel, ExportStatus } from './generated/prisma/enums';

/** The export filter: a state, or `none` for a chat the export never took up (no export state). */
export type ChatExportFilter = ExportStatus | 'none';

export interface ChatListFilters {
  /** Started at or after. */
  from?: Date | undefined;
  /** Started before. */
  to?: Date | undefined;
  integrationId?: string | undefined;
  channel?: ChatChannel | undefined;
  attributionKind?: AttributionKind | undefined;
  campaignId?: string | undefined;
  sourceId?: string | undefined;
  exportStatus?: ChatExportFilter | undefined;
  /** A contact (name, phone, e-mail) or words of the question's first message: a substring, 3+ characters. */
  search?: string | undefined;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

/** Where a page ends in the list's order (startedAt DESC, id DESC): the next page starts after it. */
export interface ChatListPosition {
  startedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The position as an opaque cursor (base64url of «ISO instant|id»). */
export function encodeChatCursor(p: ChatListPosition): string {
  return Buffer.from(`${p.startedAt.toISOString()}|${p.id}`, 'utf8').toString('base64url');
}

/** The position of a cursor; null when it is not one this list gave out. */
export function decodeChatCursor(cursor: string): ChatListPosition | null {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !at || !id || !UUID.test(id)) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at)) return null;
  const startedAt = new Date(at);
  return Number.isNaN(startedAt.getTime()) ? null : { startedAt, id };
}

/** `text` as a literal inside ILIKE '%…%': its own % _ \ match themselves. */
const likeLiteral = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Phones are stored as E.164 (+79161234567); a search typed as a phone («916 123-45») is matched by its
 * digits, so spaces, dashes and brackets do not hide the chat.
 */
function phonePattern(search: string): string {
  const digits = search.replace(/\D/g, '');
  return /^[\d\s()+-]+$/.test(search) && digits.length >= 3 ? likeLiteral(digits) : likeLiteral(search);
}

/** The search as one OR over the columns of Chat_search_idx (a GIN trigram index): a BitmapOr of its scans. */
function searchCondition(search: string): Prisma.Sql {
  const text = likeLiteral(search);
  return Prisma.sql`AND (c."contactName" ILIKE ${text} OR c."contactEmail" ILIKE ${text}
         OR c."firstVisitorMessage" ILIKE ${text} OR c."contactPhone" ILIKE ${phonePattern(search)})`;
}

const ts = (d: Date) => d.toISOString();

/**
 * The ids of one page (plus one to tell whether another follows), newest started first, keyset on
 * (startedAt, id). `startedAt` is stored as UTC without a zone: bounds are passed as UTC wall times.
 */
export function chatListPageSql(accountId: string, f: ChatListFilters, after: ChatListPosition | null): Prisma.Sql {
  const and = (on: unknown, sql: Prisma.Sql) => (on === undefined || on === null ? Prisma.empty : sql);
  return Prisma.sql`
    SELECT c."id"::text AS "id", c."startedAt" AS "startedAt"
      FROM "Chat" c
     WHERE c."accountId" = ${accountId}::uuid
       ${and(f.integrationId, Prisma.sql`AND c."integrationId" = ${f.integrationId}::uuid`)}
       ${and(f.from, Prisma.sql`AND c."startedAt" >= ${f.from ? ts(f.from) : ''}::timestamp`)}
       ${and(f.to, Prisma.sql`AND c."startedAt" < ${f.to ? ts(f.to) : ''}::timestamp`)}
       ${and(f.channel, Prisma.sql`AND c."channel" = ${f.channel}::"ChatChannel"`)}
       ${and(f.attributionKind, Prisma.sql`AND c."attributionKind" = ${f.attributionKind}::"AttributionKind"`)}
       ${and(f.campaignId, Prisma.sql`AND c."campaignId" = ${f.campaignId}::uuid`)}
       ${and(f.sourceId, Prisma.sql`AND c."sourceId" = ${f.sourceId}::uuid`)}
       ${
         f.exportStatus === 'none'
           ? Prisma.sql`AND c."exportStatus" IS NULL`
           : and(f.exportStatus, Prisma.sql`AND c."exportStatus" = ${f.exportStatus}::"ExportStatus"`)
       }
       ${f.search ? searchCondition(f.search) : Prisma.empty}
       ${and(after, Prisma.sql`AND (c."startedAt", c."id") < (${after ? ts(after.startedAt) : ''}::timestamp, ${after?.id ?? ''}::uuid)`)}
     ORDER BY c."startedAt" DESC, c."id" DESC
     LIMIT ${f.limit + 1}`;
}

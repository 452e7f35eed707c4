import type { Database } from './create-prisma-client';
import { Prisma } from './generated/prisma/client';

/** A catalog entry (site, campaign, source, tag, employee) as the upload names it: by its CoMagic id. */
const COMAGIC_ID = { select: { comagicId: true } } as const;
/** An employee as the upload sends a message's author: its name and CoMagic id. */
const EMPLOYEE = { select: { name: true, comagicId: true } } as const;

/** What the export needs of an integration. */
export async function findIntegrationForExport(db: Database, integrationId: string) {
  return db.carrotQuestIntegration.findUnique({
    where: { id: integrationId },
    select: {
      id: true,
      accountId: true,
      active: true,
      deletedAt: true,
      exportBrand: true,
      exportTokenCiphertext: true,
      exportTimeZone: true,
      exportTimeZoneTokenHash: true,
      trafficType: true,
      taggingEnabled: true,
      defaultEmployee: COMAGIC_ID,
      tag: COMAGIC_ID,
      // «Сотрудники»: each operator message is sent as its author's employee (buildDataApiChat).
      operators: {
        where: { employeeId: { not: null } },
        select: { carrotAdminId: true, employee: EMPLOYEE },
      },
    },
  });
}
export type IntegrationForExport = NonNullable<Awaited<ReturnType<typeof findIntegrationForExport>>>;

/**
 * The oldest pending chats of an integration, with what the Data API upload is built from; a chat whose
 * captured session is in `heldSessionIds` (its cabinet lookup still pending, within its bound) waits.
 */
export async function findChatsToExport(
  db: Database,
  integrationId: string,
  limit: number,
  heldSessionIds: readonly string[] = [],
) {
  const hold =
    heldSessionIds.length === 0
      ? {}
      : {
          OR: [
            { sessionLookup: null },
            { sessionLookup: { not: 'pending' as const } },
            { sessionExternalId: { notIn: [...heldSessionIds] } },
          ],
        };
  return db.chat.findMany({
    where: { integrationId, exportStatus: 'pending', ...hold },
    orderBy: { createdAt: 'asc' },
    take: limit,
    select: {
      id: true,
      startedAt: true,
      contactName: true,
      contactPhone: true,
      contactEmail: true,
      attributionKind: true,
      sessionExternalId: true,
      visitorSession: { select: { startedAt: true } },
      campaign: COMAGIC_ID,
      source: COMAGIC_ID,
      site: COMAGIC_ID,
      /** The chat's employee (the mapped operator who first answered, else the assignee, else the default). */
      employee: EMPLOYEE,
      messages: { select: { sentAt: true, author: true, text: true, operatorId: true }, orderBy: { sentAt: 'asc' } },
    },
  });
}

/** A chat (re)imported for an integration that exports: deliver it (again; ext_id makes it an update). */
export async function markChatForExport(db: Database, chatId: string): Promise<void> {
  await db.chat.update({ where: { id: chatId }, data: { exportStatus: 'pending', exportError: null } });
}

export type ExportOutcome =
  /** `note`: delivered, but something after it was refused (the tag). */
  { status: 'exported'; remoteId: string; note?: string } | { status: 'failed' | 'not_exportable'; reason: string };

/**
 * The export's outcome for a chat. An erasure may land while the chat is being sent: the Data API echoes
 * a refused value (the phone) in its error, so an erased chat's error stays empty (docs/personal-data.md);
 * its status and remote id are not personal data and are written. One statement: the erasure's lock
 * orders it, and the check reads the row as the erasure left it.
 */
export async function recordExportOutcome(db: Database, chatId: string, outcome: ExportOutcome): Promise<void> {
  const at = new Date();
  const error = (outcome.status === 'exported' ? (outcome.note ?? null) : outcome.reason)?.slice(0, 500) ?? null;
  const delivered =
    outcome.status === 'exported'
      ? Prisma.sql`"exportRemoteId" = ${outcome.remoteId}, "exportedAt" = ${at},`
      : Prisma.empty;
  const updated = await db.$executeRaw`
    UPDATE "Chat"
       SET "exportStatus" = ${outcome.status}::"ExportStatus", ${delivered}
           "exportError" = CASE WHEN "personalDataErasedAt" IS NULL THEN ${error}::text END, "updatedAt" = ${at}
     WHERE "id" = ${chatId}::uuid`;
  if (updated === 0) throw new Error(`chat ${chatId} not found`);
}

/**
 * The account's time zone as read with (the SHA-256 of) a token; `error` says why it was assumed
 * instead (get.account refused), null when read.
 */
export async function recordExportTimeZone(
  db: Database,
  integrationId: string,
  zone: { timeZone: string; tokenHash: string; error: string | null },
): Promise<void> {
  await db.carrotQuestIntegration.update({
    where: { id: integrationId },
    data: {
      exportTimeZone: zone.timeZone,
      exportTimeZoneTokenHash: zone.tokenHash,
      exportTimeZoneError: zone.error?.slice(0, 500) ?? null,
    },
  });
}

/** What the status panel and `pnpm cq status` show of an integration's export. */
export async function exportStatusSummary(db: Database, integrationId: string) {
  const [counts, lastExported, lastFailed, integration] = await Promise.all([
    db.chat.groupBy({ by: ['exportStatus'], where: { integrationId, exportStatus: { not: null } }, _count: true }),
    db.chat.aggregate({ where: { integrationId, exportStatus: 'exported' }, _max: { exportedAt: true } }),
    db.chat.findFirst({
      where: { integrationId, exportStatus: 'failed' },
      orderBy: { updatedAt: 'desc' },
      select: { id: true, conversationId: true, exportError: true, updatedAt: true },
    }),
    db.carrotQuestIntegration.findUnique({
      where: { id: integrationId },
      select: { exportError: true, exportTimeZone: true, exportTimeZoneError: true },
    }),
  ]);
  const count = (status: string) => counts.find((g) => g.exportStatus === status)?._count ?? 0;
  return {
    lastExportedAt: lastExported._max.exportedAt,
    /** By Chat.exportStatus, every status present (0 when none). */
    chats: {
      pending: count('pending'),
      exported: count('exported'),
      failed: count('failed'),
      not_exportable: count('not_exportable'),
    },
    /** Why the whole export stopped (token, component...), in Russian; null while it runs. */
    stoppedBecause: integration?.exportError ?? null,
    /** The chat the Data API refused last, with the reason in Russian. */
    lastChatRefusal: lastFailed
      ? {
          chatId: lastFailed.id,
          conversationId: lastFailed.conversationId,
          reason: lastFailed.exportError,
          at: lastFailed.updatedAt,
        }
      : null,
    timeZone: integration?.exportTimeZone ?? null,
    /** Set when the zone is assumed (Moscow) because get.account was refused. */
    timeZoneAssumedBecause: integration?.exportTimeZoneError ?? null,
  };
}
export type ExportStatusSummary = Awaited<ReturnType<typeof exportStatusSummary>>;

/** The Data API refused the whole integration (token, component), or that was fixed (null). */
export async function setIntegrationExportError(
  db: Database,
  integrationId: string,
  error: string | null,
): Promise<void> {
  await db.carrotQuestIntegration.update({
    where: { id: integrationId },
    data: { exportError: error?.slice(0, 500) ?? null },
  });
}

import type { Database } from './create-prisma-client';

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
      trafficType: true,
      taggingEnabled: true,
      defaultEmployee: { select: { comagicId: true } },
      tag: { select: { comagicId: true } },
    },
  });
}
export type IntegrationForExport = NonNullable<Awaited<ReturnType<typeof findIntegrationForExport>>>;

/** The oldest pending chats of an integration, with what the Data API upload is built from. */
export async function findChatsToExport(db: Database, integrationId: string, limit: number) {
  return db.chat.findMany({
    where: { integrationId, exportStatus: 'pending' },
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
      campaign: { select: { comagicId: true } },
      source: { select: { comagicId: true } },
      site: { select: { comagicId: true } },
      messages: { select: { sentAt: true, author: true, text: true }, orderBy: { sentAt: 'asc' } },
    },
  });
}

/** A chat (re)imported for an integration that exports: deliver it (again; ext_id makes it an update). */
export async function markChatForExport(db: Database, chatId: string): Promise<void> {
  await db.chat.update({ where: { id: chatId }, data: { exportStatus: 'pending', exportError: null } });
}

export type ExportOutcome = { status: 'exported'; remoteId: string } | { status: 'failed' | 'not_exportable'; reason: string };

export async function recordExportOutcome(db: Database, chatId: string, outcome: ExportOutcome): Promise<void> {
  await db.chat.update({
    where: { id: chatId },
    data:
      outcome.status === 'exported'
        ? { exportStatus: 'exported', exportRemoteId: outcome.remoteId, exportError: null, exportedAt: new Date() }
        : { exportStatus: outcome.status, exportError: outcome.reason.slice(0, 500) },
  });
}

/** The Data API refused the whole integration (token, component), or that was fixed (null). */
export async function setIntegrationExportError(db: Database, integrationId: string, error: string | null): Promise<void> {
  await db.carrotQuestIntegration.update({ where: { id: integrationId }, data: { exportError: error?.slice(0, 500) ?? null } });
}

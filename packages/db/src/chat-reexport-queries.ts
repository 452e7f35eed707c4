import type { Database } from './create-prisma-client';

/** What a re-import or re-export of one chat needs: its conversation and whether its integration exports. */
export async function findChatForRedelivery(db: Database, accountId: string, chatId: string) {
  return db.chat.findFirst({
    where: { id: chatId, accountId },
    select: {
      id: true,
      integrationId: true,
      conversationId: true,
      integration: { select: { deletedAt: true, exportBrand: true } },
    },
  });
}

/**
 * «Выгрузить заново»: the chat is pending for its integration's export again (a repeated upload with the
 * same ext_id updates it in CoMagic). Only a chat of this account; false when there is none.
 */
export async function markChatOfAccountForReexport(db: Database, accountId: string, chatId: string): Promise<boolean> {
  const marked = await db.chat.updateMany({
    where: { id: chatId, accountId },
    data: { exportStatus: 'pending', exportError: null },
  });
  return marked.count === 1;
}

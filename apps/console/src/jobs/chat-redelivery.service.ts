import { findChatForRedelivery, markChatOfAccountForReexport, type Database } from '@carrot-bridge/db';
import type { ChatExportScheduler, ChatImportProducer } from '@carrot-bridge/queue';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import { fromQueue } from './queue-unavailable';

export interface ChatRedeliveryDeps {
  db: Database;
  producer: Pick<ChatImportProducer, 'enqueue'>;
  exportScheduler: Pick<ChatExportScheduler, 'schedule'>;
  audit: AuditRecorder;
}

/**
 * «Загрузить заново» and «Выгрузить заново» of one chat from its transcript: the import of its
 * conversation queued again (as `pnpm cq reimport` does: `chat.reimported`), or the chat pending for the
 * export again with the export scheduled (`chat.reexported`).
 */
export class ChatRedeliveryService {
  constructor(private readonly deps: ChatRedeliveryDeps) {}

  private async chatOf(accountId: string, chatId: string) {
    const chat = await findChatForRedelivery(this.deps.db, accountId, chatId);
    if (!chat) throw ConsoleException.notFound('chat');
    if (chat.integration.deletedAt)
      throw new ConsoleException(ConsoleExceptionCode.Conflict, 'Интеграция этого чата удалена');
    return chat;
  }

  async reimport(accountId: string, chatId: string, by: AuditContext, now = new Date()): Promise<{ eventId: string }> {
    const chat = await this.chatOf(accountId, chatId);
    const eventId = `manual-${now.getTime()}`;
    await fromQueue(() =>
      this.deps.producer.enqueue({
        integrationId: chat.integrationId,
        conversationId: chat.conversationId,
        carrotUserId: null,
        eventId,
        receivedAt: now.toISOString(),
      }),
    );
    const details = { chatId, conversationId: chat.conversationId, eventId };
    await this.deps.audit.recordFor(by, {
      accountId,
      action: 'chat.reimported',
      targetId: chat.integrationId,
      details,
    });
    return { eventId };
  }

  async reexport(accountId: string, chatId: string, by: AuditContext): Promise<{ exportStatus: 'pending' }> {
    const chat = await this.chatOf(accountId, chatId);
    if (!chat.integration.exportBrand)
      throw new ConsoleException(
        ConsoleExceptionCode.Conflict,
        'Выгрузка в CoMagic / UIS у этой интеграции не настроена',
      );
    if (!(await markChatOfAccountForReexport(this.deps.db, accountId, chatId))) throw ConsoleException.notFound('chat');
    await fromQueue(() => this.deps.exportScheduler.schedule(chat.integrationId));
    await this.deps.audit.recordFor(by, { accountId, action: 'chat.reexported', targetId: chatId });
    return { exportStatus: 'pending' };
  }
}

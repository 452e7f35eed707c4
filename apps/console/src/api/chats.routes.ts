import { Router } from 'express';
import { explainAttribution } from '@carrot-bridge/domain';
import { chatBelongsToAccount, findChatOfAccount, listChatsOfAccount, type Database } from '@carrot-bridge/db';
import { auditContextOf, type AuditRecorder } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';
import { pathId } from './account-scope';
import { chatListQuerySchema } from './chat-list-query';
import { refuseForeignFilters } from './foreign-filters';
import { requireRole } from '../auth/route-access';

/**
 * The account's chats, newest first, with keyset paging; and one chat with its transcript (each read is
 * in the audit log: transcript.viewed, the chat's id only).
 */
export function chatRoutes(db: Database, audit: AuditRecorder): Router {
  const router = Router({ mergeParams: true });

  router.get('/chats', requireRole('viewer', 'chats:read'), async (req, res) => {
    const accountId = res.locals.accountId as string;
    const { from, to, ...filters } = parseInput(chatListQuerySchema, req.query);
    await refuseForeignFilters(db, accountId, filters);
    // The cursor is a chat id: another account's would page through this account from that chat's position.
    if (filters.cursor && !(await chatBelongsToAccount(db, accountId, filters.cursor))) {
      throw ConsoleException.invalid([
        { field: 'cursor', message: 'Курсор не из этого списка: начните с первой страницы' },
      ]);
    }
    res.json(
      await listChatsOfAccount(db, accountId, {
        ...filters,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      }),
    );
  });

  router.get('/chats/:chatId', requireRole('viewer', 'chats:read'), async (req, res) => {
    const accountId = res.locals.accountId as string;
    const chat = await findChatOfAccount(db, accountId, pathId(req, 'chatId', 'Chat'));
    if (!chat) throw ConsoleException.notFound('Chat');
    await audit.recordFor(auditContextOf(req, res), { accountId, action: 'transcript.viewed', targetId: chat.id });
    res.json({
      ...chat,
      attributionExplanation: explainAttribution({
        ...chat,
        campaign: chat.campaign ? { name: chat.campaign.name, siteDomain: chat.campaign.site.domain } : null,
      }),
    });
  });
  return router;
}

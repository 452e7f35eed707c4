import { Router } from 'express';
import { explainAttribution } from '@carrot-bridge/domain';
import { findChatOfAccount, listChatsOfAccount, type Database } from '@carrot-bridge/db';
import { auditContextOf, type AuditRecorder } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';
import { pathId } from './account-scope';
import { chatListQuerySchema } from './chat-list-query';
import { refuseForeignFilters } from './foreign-filters';
import { requireRole } from '../auth/route-access';

/**
 * The account's chats, newest started first, with keyset paging (the cursor is where the last page ended,
 * so a foreign or edited one can only move the start of this account's list), filters and search; and one chat with its transcript (each read is
 * in the audit log: transcript.viewed, the chat's id only).
 */
export function chatRoutes(db: Database, audit: AuditRecorder): Router {
  const router = Router({ mergeParams: true });

  router.get('/chats', requireRole('viewer', 'chats:read'), async (req, res) => {
    const accountId = res.locals.accountId as string;
    const { from, to, ...filters } = parseInput(chatListQuerySchema, req.query);
    await refuseForeignFilters(db, accountId, filters);
    if (from && to && new Date(from) >= new Date(to)) {
      throw ConsoleException.invalid([{ field: 'to', message: 'Конец периода должен быть позже начала' }]);
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
    const chat = await findChatOfAccount(db, accountId, pathId(req, 'chatId', 'chat'));
    if (!chat) throw ConsoleException.notFound('chat');
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

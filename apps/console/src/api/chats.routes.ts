import { Router } from 'express';
import { z } from 'zod';
import { CHAT_CHANNELS, explainAttribution } from '@carrot-bridge/domain';
import { findChatOfAccount, listChatsOfAccount, type Database } from '@carrot-bridge/db';
import { ConsoleException } from '../console-exception';
import { parseInput } from './api-error';
import { pathId } from './account-scope';

const filtersSchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  integrationId: z.uuid().optional(),
  channel: z.enum(CHAT_CHANNELS).optional(),
  attributionKind: z.enum(['session', 'mapping', 'default', 'forced']).optional(),
  campaignId: z.uuid().optional(),
  sourceId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.uuid().optional(),
});

/** The account's chats, newest first, with keyset paging; and one chat with its transcript. */
export function chatRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  router.get('/chats', async (req, res) => {
    const { from, to, ...filters } = parseInput(filtersSchema, req.query);
    res.json(await listChatsOfAccount(db, res.locals.accountId as string, { ...filters, ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) }));
  });

  router.get('/chats/:chatId', async (req, res) => {
    const chat = await findChatOfAccount(db, res.locals.accountId as string, pathId(req, 'chatId', 'Chat'));
    if (!chat) throw ConsoleException.notFound('Chat');
    res.json({
      ...chat,
      attributionExplanation: explainAttribution({ ...chat, campaign: chat.campaign ? { name: chat.campaign.name, siteDomain: chat.campaign.site.domain } : null }),
    });
  });
  return router;
}

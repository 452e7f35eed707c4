import { Router } from 'express';
import { z } from 'zod';
import { CHAT_CHANNELS, explainAttribution } from '@carrot-bridge/domain';
import { VISIT_FIELDS, type Database, type Prisma } from '@carrot-bridge/db';
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

const CHAT_VIEW = {
  id: true,
  integrationId: true,
  conversationId: true,
  channel: true,
  channelRaw: true,
  contactName: true,
  contactPhone: true,
  contactEmail: true,
  startedAt: true,
  resolvedAt: true,
  operatorName: true,
  attributionKind: true,
  sessionExternalId: true,
  ...VISIT_FIELDS,
  messagesCount: true,
  firstVisitorMessage: true,
  exportStatus: true,
  exportError: true,
  exportRemoteId: true,
  exportedAt: true,
  createdAt: true,
  // The site tells apart the same-named campaigns of two sites («Посетители без рекламной кампании»).
  campaign: { select: { id: true, name: true, site: { select: { domain: true } } } },
  source: { select: { id: true, name: true } },
  site: { select: { id: true, domain: true } },
  employee: { select: { id: true, name: true } },
  tags: { select: { tag: { select: { id: true, name: true } } } },
} as const;

/** The account's chats, newest first, with keyset paging; and one chat with its transcript. */
export function chatRoutes(db: Database): Router {
  const router = Router({ mergeParams: true });

  router.get('/chats', async (req, res) => {
    const f = parseInput(filtersSchema, req.query);
    const where: Prisma.ChatWhereInput = {
      accountId: res.locals.accountId as string,
      ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
      ...(f.integrationId ? { integrationId: f.integrationId } : {}),
      ...(f.channel ? { channel: f.channel } : {}),
      ...(f.attributionKind ? { attributionKind: f.attributionKind } : {}),
      ...(f.campaignId ? { campaignId: f.campaignId } : {}),
      ...(f.sourceId ? { sourceId: f.sourceId } : {}),
    };
    const rows = await db.chat.findMany({
      where,
      select: CHAT_VIEW,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: f.limit + 1,
      ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, f.limit);
    res.json({
      chats: page.map((chat) => ({ ...chat, tags: chat.tags.map((t) => t.tag) })),
      nextCursor: rows.length > f.limit ? page.at(-1)?.id ?? null : null,
    });
  });

  router.get('/chats/:chatId', async (req, res) => {
    const chat = await db.chat.findFirst({
      where: { id: pathId(req, 'chatId', 'Chat'), accountId: res.locals.accountId as string },
      select: { ...CHAT_VIEW, messages: { orderBy: [{ sentAt: 'asc' }, { partId: 'asc' }], select: { partId: true, sentAt: true, author: true, operatorName: true, text: true, partType: true } } },
    });
    if (!chat) throw ConsoleException.notFound('Chat');
    res.json({
      ...chat,
      tags: chat.tags.map((t) => t.tag),
      attributionExplanation: explainAttribution({ ...chat, campaign: chat.campaign ? { name: chat.campaign.name, siteDomain: chat.campaign.site.domain } : null }),
    });
  });
  return router;
}

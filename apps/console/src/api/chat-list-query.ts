import { z } from 'zod';
import { CHAT_CHANNELS } from '@carrot-bridge/domain';
import { inputInstant } from './storable-input';

/** The query of `GET .../chats`: filters, page size, and the previous page's `nextCursor`. */
export const chatListQuerySchema = z.object({
  from: inputInstant().optional(),
  to: inputInstant().optional(),
  integrationId: z.uuid().optional(),
  channel: z.enum(CHAT_CHANNELS).optional(),
  attributionKind: z.enum(['session', 'mapping', 'default', 'forced']).optional(),
  campaignId: z.uuid().optional(),
  sourceId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page: the id of a chat of this account (checked by the route). */
  cursor: z.uuid({ message: 'Некорректный курсор страницы' }).optional(),
});

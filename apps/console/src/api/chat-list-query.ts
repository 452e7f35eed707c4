import { z } from 'zod';
import { CHAT_CHANNELS } from '@carrot-bridge/domain';
import { inputInstant } from './storable-input';

/** The query of `GET .../chats`: filters, page size, and the previous page's `nextCursor`. */
export const chatListQuerySchema = z.object({
  from: inputInstant().exactOptional(),
  to: inputInstant().exactOptional(),
  integrationId: z.uuid().exactOptional(),
  channel: z.enum(CHAT_CHANNELS).exactOptional(),
  attributionKind: z.enum(['session', 'mapping', 'default', 'forced']).exactOptional(),
  campaignId: z.uuid().exactOptional(),
  sourceId: z.uuid().exactOptional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page: the id of a chat of this account (checked by the route). */
  cursor: z.uuid({ message: 'Некорректный курсор страницы' }).exactOptional(),
});

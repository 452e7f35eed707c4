import { z } from 'zod';
import { CHAT_CHANNELS } from '@carrot-bridge/domain';
import { decodeChatCursor } from '@carrot-bridge/db';
import { inputInstant, lineText } from './storable-input';

/** The trigram index finds nothing shorter: a shorter search would read every chat of the account. */
export const CHAT_SEARCH_MIN = 3;
export const CHAT_SEARCH_MAX = 100;

/** The query of `GET .../chats`: filters, search, page size, and the previous page's `nextCursor`. */
export const chatListQuerySchema = z.object({
  /** The chat's start, from (inclusive) … to (exclusive). */
  from: inputInstant().exactOptional(),
  to: inputInstant().exactOptional(),
  integrationId: z.uuid({ message: 'Некорректный id интеграции' }).exactOptional(),
  channel: z.enum(CHAT_CHANNELS, { message: 'Неизвестный канал' }).exactOptional(),
  attributionKind: z
    .enum(['session', 'mapping', 'default', 'forced'], { message: 'Неизвестный способ привязки' })
    .exactOptional(),
  campaignId: z.uuid({ message: 'Некорректный id рекламной кампании' }).exactOptional(),
  sourceId: z.uuid({ message: 'Некорректный id источника' }).exactOptional(),
  /** An export state, or `none`: the export never took the chat up. */
  exportStatus: z
    .enum(['pending', 'exported', 'failed', 'not_exportable', 'none'], { message: 'Неизвестное состояние выгрузки' })
    .exactOptional(),
  /** A contact (name, phone, e-mail) or words of the question's first message. */
  search: lineText()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(CHAT_SEARCH_MIN, { message: `Поиск: не короче ${CHAT_SEARCH_MIN} символов` })
        .max(CHAT_SEARCH_MAX, { message: `Поиск: не длиннее ${CHAT_SEARCH_MAX} символов` }),
    )
    .exactOptional(),
  limit: z.coerce
    .number({ message: 'Размер страницы — число от 1 до 200' })
    .int({ message: 'Размер страницы — целое число от 1 до 200' })
    .min(1, { message: 'Размер страницы — от 1 до 200' })
    .max(200, { message: 'Размер страницы — от 1 до 200' })
    .default(50),
  /** The `nextCursor` of the previous page, as the list gave it out. */
  cursor: z
    .string()
    .max(200, { message: 'Некорректный курсор страницы: начните с первой страницы' })
    .refine((c) => decodeChatCursor(c) !== null, { message: 'Некорректный курсор страницы: начните с первой страницы' })
    .exactOptional(),
});

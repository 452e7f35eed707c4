// Builds realistic CarrotQuest conversations from a short description, in the shapes of the fixtures.
import type { Json } from './fake-state';

export type ScenarioChannel = 'widget' | 'telegram' | 'whatsapp' | 'vk' | 'viber' | 'instagram' | 'avito';

export interface ChatScenario {
  conversationId: string;
  userId: string;
  channel?: ScenarioChannel;
  /** Unix seconds. */
  createdAt?: number;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  /** Custom props our JS script would have written (cb_session_id, cb_utm_source...). */
  propsCustom?: Json;
  /** Number of messages (alternating visitor / operator), at least 1. */
  messages?: number;
  /** Exact message texts instead of generated ones; visitor first, then alternating. */
  texts?: string[];
  operator?: { id: number; name: string };
  tags?: string[];
}

const CHANNEL_IDS: Record<ScenarioChannel, number> = { widget: 301, telegram: 305, whatsapp: 306, vk: 307, viber: 308, instagram: 309, avito: 310 };

export function buildScenario(s: ChatScenario): { conversation: Json; parts: Json[]; user: Json } {
  const created = s.createdAt ?? Math.floor(Date.now() / 1000) - 3600;
  const channel = s.channel ?? 'widget';
  const messenger = channel !== 'widget';
  const operator = s.operator ?? { id: 5521, name: 'Алексей' };
  const userIdNumber = Number(s.userId);
  const count = Math.max(1, s.texts?.length ?? s.messages ?? 4);
  const parts: Json[] = [];
  for (let i = 0; i < count; i += 1) {
    const visitor = i % 2 === 0;
    parts.push({
      id: Number(`${s.conversationId}${String(i).padStart(3, '0')}`) || i + 1,
      created: created + i * 30,
      conversation: Number(s.conversationId),
      part_group: 1,
      body: s.texts?.[i] ?? (visitor ? `Вопрос посетителя №${i / 2 + 1}` : `Ответ оператора №${(i + 1) / 2}`),
      type: visitor ? 'reply_user' : 'reply_admin',
      sent_via: visitor ? (messenger ? 'integrations' : 'web_user') : 'web_panel',
      from: visitor ? userIdNumber : { id: operator.id, name: operator.name, type: 'admin' },
    });
  }
  const props: Json = {};
  if (s.name) props.$name = s.name;
  if (s.phone) props.$phone = s.phone;
  if (s.email) props.$email = s.email;
  const conversation: Json = {
    id: Number(s.conversationId),
    created,
    closed: true,
    type: 'popup_chat',
    parts_count: parts.length,
    last_update: created + count * 30,
    tags: s.tags ?? [],
    assignee: { id: operator.id, name: operator.name, type: 'admin' },
    last_admin: { id: operator.id, name: operator.name, type: 'admin' },
    user: { id: userIdNumber, app: 4821, user_id: '', presence: 'offline', props },
    channel: { id: CHANNEL_IDS[channel], name: messenger ? channel : 'Сайт', type: messenger ? channel : 'manual' },
    part_last: parts.at(-1),
    ...(messenger ? { external_service: channel, external_id: String(700000000 + (userIdNumber % 1000000)) } : {}),
  };
  const user: Json = { id: userIdNumber, user_id: '', removed: null, presence: 'offline', props, props_custom: s.propsCustom ?? {} };
  return { conversation, parts, user };
}

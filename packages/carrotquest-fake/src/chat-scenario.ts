// Builds realistic CarrotQuest conversations from a short description, in the shapes of the fixtures.
import type { Json } from './fake-state';

export type ScenarioChannel = 'widget' | 'telegram' | 'whatsapp' | 'vk' | 'viber' | 'instagram' | 'avito';

export interface ChatScenario {
  conversationId: string;
  userId: string;
  channel?: ScenarioChannel;
  /** Unix seconds. */
  createdAt?: number;
  /** Unix seconds of the last change (the app's list is ordered by it); the last message's time unless given. */
  lastUpdate?: number;
  closed?: boolean;
  /**
   * Also name the messenger in `external_service` and mark the visitor's messages `sent_via=integrations`,
   * as third-party clients show; undocumented, so by default a messenger chat is known only by its
   * `channel` (https://developers.dashly.io/objects/channel: type telegram, whatsapp, vk, ...).
   */
  undocumentedMessengerSignals?: boolean;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  /** Custom props our JS script would have written (cb_session_id, cb_utm_source...). */
  propsCustom?: Json;
  /** Number of messages (alternating visitor / operator), at least 1. */
  messages?: number;
  /** Exact message texts instead of generated ones; visitor first, then alternating. */
  texts?: string[];
  operator?: { id: string; name: string };
  tags?: string[];
}

const CHANNEL_IDS: Record<ScenarioChannel, string> = {
  widget: '301',
  telegram: '305',
  whatsapp: '306',
  vk: '307',
  viber: '308',
  instagram: '309',
  avito: '310',
};

/** Ids are decimal text, exact at any size: part ids are the conversation id followed by a 3-digit index. */
function partId(conversationId: string, index: number): string {
  return `${conversationId}${String(index).padStart(3, '0')}`;
}

export function buildScenario(s: ChatScenario): { conversation: Json; parts: Json[]; user: Json } {
  const created = s.createdAt ?? Math.floor(Date.now() / 1000) - 3600;
  const channel = s.channel ?? 'widget';
  const messenger = channel !== 'widget';
  const operator = s.operator ?? { id: '5521', name: 'Алексей' };
  const extraSignals = messenger && s.undocumentedMessengerSignals === true;
  const count = Math.max(1, s.texts?.length ?? s.messages ?? 4);
  const parts: Json[] = [];
  for (let i = 0; i < count; i += 1) {
    const visitor = i % 2 === 0;
    parts.push({
      id: partId(s.conversationId, i),
      created: created + i * 30,
      conversation: s.conversationId,
      part_group: '1',
      body: s.texts?.[i] ?? (visitor ? `Вопрос посетителя №${i / 2 + 1}` : `Ответ оператора №${(i + 1) / 2}`),
      type: visitor ? 'reply_user' : 'reply_admin',
      // Documented sent_via values: web_user, web_panel, ... (https://developers.dashly.io/objects/conversationpart/);
      // a messenger message's value is not documented, so the scenario leaves it out unless asked.
      ...(visitor
        ? messenger
          ? extraSignals
            ? { sent_via: 'integrations' }
            : {}
          : { sent_via: 'web_user' }
        : { sent_via: 'web_panel' }),
      from: visitor ? s.userId : { id: operator.id, name: operator.name, type: 'admin' },
    });
  }
  const props: Json = {};
  if (s.name) props.$name = s.name;
  if (s.phone) props.$phone = s.phone;
  if (s.email) props.$email = s.email;
  const conversation: Json = {
    id: s.conversationId,
    created,
    closed: s.closed ?? true,
    type: 'popup_chat',
    parts_count: parts.length,
    last_update: s.lastUpdate ?? created + (count - 1) * 30,
    tags: s.tags ?? [],
    assignee: { id: operator.id, name: operator.name, type: 'admin' },
    last_admin: { id: operator.id, name: operator.name, type: 'admin' },
    user: { id: s.userId, app: '4821', user_id: '', presence: 'offline', props },
    channel: { id: CHANNEL_IDS[channel], name: messenger ? channel : 'Сайт', type: messenger ? channel : 'manual' },
    part_last: parts.at(-1),
    ...(extraSignals
      ? { external_service: channel, external_id: String(700000000 + Number(BigInt(s.userId) % 1000000n)) }
      : {}),
  };
  const user: Json = {
    id: s.userId,
    user_id: '',
    removed: null,
    presence: 'offline',
    props,
    props_custom: s.propsCustom ?? {},
  };
  return { conversation, parts, user };
}

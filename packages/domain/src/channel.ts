import type { CarrotQuestConversationShape, CarrotQuestPartShape } from './carrotquest-shapes';
import { isOneOf } from './one-of';

/** Channels a user can map to a campaign / source: every messenger, including ones we do not know by name. */
export const MESSENGER_CHANNELS = [
  'telegram',
  'whatsapp',
  'viber',
  'vk',
  'facebook',
  'instagram',
  'avito',
  'other',
] as const;
export type MessengerChannel = (typeof MESSENGER_CHANNELS)[number];

/** Every channel a chat can come from: the site's widget, email, or a messenger. */
export const CHAT_CHANNELS = ['widget', 'email', ...MESSENGER_CHANNELS] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/** Each channel's name as a label on the page and in the report (one list: the explanation declines it). */
export const CHANNEL_LABELS: Record<ChatChannel, string> = {
  widget: 'Виджет на сайте',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  viber: 'Viber',
  vk: 'ВКонтакте',
  facebook: 'Facebook',
  instagram: 'Instagram',
  email: 'Email',
  avito: 'Авито',
  other: 'Другой мессенджер',
};

export function isMessengerChannel(value: string): value is MessengerChannel {
  return isOneOf(MESSENGER_CHANNELS, value);
}

export interface ChannelClassification {
  channel: ChatChannel;
  /** The raw CarrotQuest value the decision was taken from (kept so that `other` can be explained). */
  raw: string | null;
}

// Spellings seen in CarrotQuest's channel types, external_service values and third-party clients.
const MESSENGER_ALIASES: Record<string, MessengerChannel> = {
  telegram: 'telegram',
  telegram_bot: 'telegram',
  tg: 'telegram',
  whatsapp: 'whatsapp',
  whatsapp_business: 'whatsapp',
  wa: 'whatsapp',
  viber: 'viber',
  vk: 'vk',
  vkontakte: 'vk',
  facebook: 'facebook',
  fb: 'facebook',
  facebook_messenger: 'facebook',
  instagram: 'instagram',
  insta: 'instagram',
  avito: 'avito',
};

// Channel types that are not messengers: the site (manual), email, and the mobile SDK.
const NON_MESSENGER_CHANNEL_TYPES = new Set(['manual', 'email', 'mobile', '']);
const WIDGET_CONVERSATION_TYPES = new Set(['popup_chat', 'popup_small', 'popup_big', 'lead_bot', 'routing_bot']);
const EMAIL_CONVERSATION_TYPES = new Set(['email', 'incoming_email']);

function normalise(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

function firstVisitorPart(parts: readonly CarrotQuestPartShape[]): CarrotQuestPartShape | undefined {
  return [...parts].filter((part) => part.type === 'reply_user').sort((a, b) => a.created - b.created)[0];
}

/**
 * Widget or which messenger. Evidence is taken from the strongest to the weakest: the channel the
 * conversation came through, the messenger connector it names, the connector the visitor wrote from,
 * then the conversation type. Unknown messengers become `other` with the raw value kept.
 */
export function classifyChannel(
  conversation: Pick<CarrotQuestConversationShape, 'type' | 'channel' | 'external_service'>,
  parts: readonly CarrotQuestPartShape[] = [],
): ChannelClassification {
  const channelType = normalise(conversation.channel?.type);
  const externalService = normalise(conversation.external_service);
  const conversationType = normalise(conversation.type);
  const visitorVia = normalise(firstVisitorPart(parts)?.sent_via);

  const byChannelType = MESSENGER_ALIASES[channelType];
  if (byChannelType) return { channel: byChannelType, raw: channelType };
  const byExternalService = MESSENGER_ALIASES[externalService];
  if (byExternalService) return { channel: byExternalService, raw: externalService };

  if (channelType && !NON_MESSENGER_CHANNEL_TYPES.has(channelType)) return { channel: 'other', raw: channelType };
  if (externalService) return { channel: 'other', raw: externalService };
  if (visitorVia === 'integrations') return { channel: 'other', raw: channelType || 'integrations' };

  if (channelType === 'email' || EMAIL_CONVERSATION_TYPES.has(conversationType) || visitorVia === 'email_user') {
    return { channel: 'email', raw: channelType || conversationType || visitorVia };
  }
  if (channelType === 'mobile' || visitorVia === 'app_ios' || visitorVia === 'app_android') {
    return { channel: 'other', raw: channelType || visitorVia };
  }
  if (WIDGET_CONVERSATION_TYPES.has(conversationType) || visitorVia === 'web_user') {
    return { channel: 'widget', raw: conversationType || visitorVia };
  }
  return { channel: 'other', raw: conversationType || channelType || null };
}

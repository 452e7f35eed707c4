// The Russian words for the API's values, shared by the panels that show them.

import { CHANNEL_LABELS, MESSENGER_CHANNELS } from './channel-labels.js';

// The channels' names come from the domain's list (served as channel-labels.js), never a copy.
export const MESSENGERS = Object.fromEntries(MESSENGER_CHANNELS.map((channel) => [channel, CHANNEL_LABELS[channel]]));
export const CHANNELS = { widget: CHANNEL_LABELS.widget, email: CHANNEL_LABELS.email };
export const EXPORT_STATUS = {
  pending: 'в очереди',
  exported: 'выгружен',
  failed: 'ошибка',
  not_exportable: 'не выгружается',
};
export const KEY_STATUS = { valid: 'ключ действителен', invalid: 'ключ недействителен', unchecked: 'ключ не проверен' };

/** A chat's channel: the widget, email or a messenger; an unknown one as the API named it. */
export const channelLabel = (channel) => CHANNELS[channel] || MESSENGERS[channel] || channel;

/** Who a chat is, by the first contact detail it has. */
export const contactLabel = (chat) =>
  chat.contactName || chat.contactPhone || chat.contactEmail || 'Посетитель без контактов';

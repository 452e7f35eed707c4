// The Russian words for the API's values, shared by the panels that show them.

export const MESSENGERS = {
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  viber: 'Viber',
  vk: 'ВКонтакте',
  facebook: 'Facebook',
  instagram: 'Instagram',
  avito: 'Авито',
  other: 'Другой мессенджер',
};
export const CHANNELS = { widget: 'Виджет на сайте', email: 'Email' };
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

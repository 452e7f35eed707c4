import type { AttributionKind } from './attribution';
import { CHANNEL_LABELS, isMessengerChannel, type ChatChannel } from './channel';

/** What a stored chat says about where it was filed. */
export interface ExplainedChat {
  attributionKind: AttributionKind;
  channel: ChatChannel;
  /** The tracker session id the script captured, resolved or not. */
  sessionExternalId: string | null;
  campaign: { name: string; siteDomain: string | null } | null;
  source: { name: string } | null;
  site: { domain: string } | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
}

/** «чат из …»: the labels, with the three that are not brand names declined. */
const CHANNEL_NAMES: Record<ChatChannel, string> = {
  ...CHANNEL_LABELS,
  widget: 'виджета на сайте',
  email: 'email',
  other: 'другого мессенджера',
};

/** «Яндекс.Директ — бренд (сайт shop.ru)», «источник «Direct», сайт shop.ru», or that there is none. */
function target(chat: ExplainedChat): string {
  if (chat.campaign)
    return `«${chat.campaign.name}»${chat.campaign.siteDomain ? ` (сайт ${chat.campaign.siteDomain})` : ''}`;
  if (chat.source) return `источник «${chat.source.name}»${chat.site ? `, сайт ${chat.site.domain}` : ''}`;
  return 'без рекламной кампании и источника';
}

function utmTags(chat: ExplainedChat): string {
  const tags = (
    [
      ['utm_source', chat.utmSource],
      ['utm_medium', chat.utmMedium],
      ['utm_campaign', chat.utmCampaign],
      ['utm_term', chat.utmTerm],
      ['utm_content', chat.utmContent],
    ] as const
  ).filter(([, value]) => value);
  return tags.length ? `, ${tags.map(([name, value]) => `${name}=${value}`).join(', ')}` : '';
}

/**
 * The chat's attribution in one Russian sentence, for the transcript: which rule of the attribution
 * order (forced -> session -> mapping -> default) decided it, and why the earlier ones did not.
 */
export function explainAttribution(chat: ExplainedChat): string {
  const from = `чат из ${CHANNEL_NAMES[chat.channel]}`;
  switch (chat.attributionKind) {
    case 'session':
      return `По сессии${chat.sessionExternalId ? ` ${chat.sessionExternalId}` : ''}: ${target(chat)}${utmTags(chat)}.`;
    case 'mapping':
      return `По сопоставлению: ${from} без сессии сайта записан в ${target(chat)}${utmTags(chat)}.`;
    case 'forced':
      return `Принудительно: интеграция записывает все чаты в ${target(chat)}, сессии и сопоставления не учитываются${utmTags(chat)}.`;
    case 'default': {
      const noSession = chat.sessionExternalId
        ? `сессия ${chat.sessionExternalId} не найдена или не подходит (началась после чата или старше 180 дней)`
        : 'сессия сайта не передана';
      const noMapping = isMessengerChannel(chat.channel)
        ? `, для ${CHANNEL_NAMES[chat.channel]} нет сопоставления`
        : '';
      return `По умолчанию: ${noSession}${noMapping} — ${from} записан в ${target(chat)}${utmTags(chat)}.`;
    }
  }
}

import { expect } from 'chai';
import { explainAttribution, type ExplainedChat } from './attribution-explanation';

const chat = (over: Partial<ExplainedChat>): ExplainedChat => ({
  attributionKind: 'default',
  channel: 'widget',
  sessionExternalId: null,
  campaign: null,
  source: null,
  site: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  utmTerm: null,
  utmContent: null,
  ...over,
});

describe('explainAttribution', () => {
  it('a session: its id, the campaign with its site, the UTM tags', () => {
    expect(
      explainAttribution(
        chat({
          attributionKind: 'session',
          sessionExternalId: '4411928373',
          campaign: { name: 'Яндекс.Директ — бренд', siteDomain: 'shop.ru' },
          utmSource: 'yandex',
          utmMedium: 'cpc',
        }),
      ),
    ).to.equal('По сессии 4411928373: «Яндекс.Директ — бренд» (сайт shop.ru), utm_source=yandex, utm_medium=cpc.');
  });

  it('a mapping: the messenger and the source with its site', () => {
    expect(
      explainAttribution(
        chat({
          attributionKind: 'mapping',
          channel: 'telegram',
          source: { name: 'Telegram' },
          site: { domain: 'shop.ru' },
        }),
      ),
    ).to.equal('По сопоставлению: чат из Telegram без сессии сайта записан в источник «Telegram», сайт shop.ru.');
  });

  it('the default: why no session and no mapping applied', () => {
    expect(
      explainAttribution(chat({ source: { name: 'Direct' }, site: { domain: 'shop.ru' }, utmSource: 'yandex' })),
    ).to.equal(
      'По умолчанию: сессия сайта не передана — чат из виджета на сайте записан в источник «Direct», сайт shop.ru, utm_source=yandex.',
    );
    expect(
      explainAttribution(
        chat({ channel: 'vk', sessionExternalId: '77', campaign: { name: 'Без РК', siteDomain: null } }),
      ),
    ).to.equal(
      'По умолчанию: сессия 77 не найдена или не подходит (началась после чата или старше 180 дней), для ВКонтакте нет сопоставления — чат из ВКонтакте записан в «Без РК».',
    );
  });

  it('forced: everything goes to the chosen target', () => {
    expect(explainAttribution(chat({ attributionKind: 'forced', source: { name: 'Чаты' } }))).to.equal(
      'Принудительно: интеграция записывает все чаты в источник «Чаты», сессии и сопоставления не учитываются.',
    );
  });
});

import { expect } from 'chai';
import {
  mergeAttribution,
  rejectSession,
  resolveAttribution,
  type Attribution,
  type AttributionSettings,
  type KnownVisitorSession,
} from './attribution';
import { EMPTY_UTM, type SessionCapture } from './session-capture';

const ACCOUNT = 'acc-1';
const CHAT_AT = new Date('2026-11-25T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const sourceSettings: AttributionSettings = {
  accountId: ACCOUNT,
  trafficType: 'source',
  forcedMode: false,
  defaultCampaignId: null,
  defaultSourceId: 'src-default',
  defaultSiteId: 'site-default',
  mappings: [{ messenger: 'telegram', campaignId: null, sourceId: 'src-tg', siteId: 'site-tg' }],
};
const campaignSettings: AttributionSettings = {
  accountId: ACCOUNT,
  trafficType: 'campaign',
  forcedMode: false,
  defaultCampaignId: 'cmp-default',
  defaultSourceId: null,
  defaultSiteId: null,
  mappings: [{ messenger: 'whatsapp', campaignId: 'cmp-wa', sourceId: null, siteId: null }],
};

const session = (over: Partial<KnownVisitorSession> = {}): KnownVisitorSession => ({
  id: 'vs-1',
  accountId: ACCOUNT,
  startedAt: new Date(CHAT_AT.getTime() - 60_000),
  siteId: 'site-1',
  campaignId: 'cmp-yandex',
  sourceId: 'src-yandex',
  utmSource: 'yandex',
  utmMedium: 'cpc',
  utmCampaign: 'brand',
  utmTerm: null,
  utmContent: null,
  referrer: 'https://yandex.ru/',
  entrancePage: 'https://shop.example.ru/pricing',
  ...over,
});

const capture = (over: Partial<SessionCapture> = {}): SessionCapture => ({
  ...EMPTY_UTM,
  sessionId: '4411928373',
  visitorId: null,
  siteKey: null,
  sessionStartedAt: null,
  referrer: null,
  entrancePage: null,
  ...over,
});

describe('resolveAttribution', () => {
  it('uses a known session of the same account started before the chat', () => {
    const result = resolveAttribution({
      settings: sourceSettings,
      channel: 'widget',
      chatStartedAt: CHAT_AT,
      capture: capture(),
      session: session(),
    });
    expect(result).to.deep.include({
      kind: 'session',
      visitorSessionId: 'vs-1',
      campaignId: 'cmp-yandex',
      sourceId: 'src-yandex',
      siteId: 'site-1',
      utmSource: 'yandex',
    });
  });

  it('forced mode wins over a valid session (source traffic type)', () => {
    const result = resolveAttribution({
      settings: { ...sourceSettings, forcedMode: true },
      channel: 'widget',
      chatStartedAt: CHAT_AT,
      capture: capture(),
      session: session(),
    });
    expect(result).to.deep.include({
      kind: 'forced',
      visitorSessionId: null,
      campaignId: null,
      sourceId: 'src-default',
      siteId: 'site-default',
    });
  });

  it('forced mode wins over a messenger mapping (campaign traffic type)', () => {
    const result = resolveAttribution({
      settings: { ...campaignSettings, forcedMode: true },
      channel: 'whatsapp',
      chatStartedAt: CHAT_AT,
      capture: null,
      session: null,
    });
    expect(result).to.deep.include({ kind: 'forced', campaignId: 'cmp-default', sourceId: null });
  });

  it('a session wins over the messenger mapping', () => {
    const result = resolveAttribution({
      settings: sourceSettings,
      channel: 'telegram',
      chatStartedAt: CHAT_AT,
      capture: capture(),
      session: session(),
    });
    expect(result.kind).to.equal('session');
  });

  it('maps a Telegram chat without a session to the mapped source + site', () => {
    const result = resolveAttribution({
      settings: sourceSettings,
      channel: 'telegram',
      chatStartedAt: CHAT_AT,
      capture: null,
      session: null,
    });
    expect(result).to.deep.include({ kind: 'mapping', sourceId: 'src-tg', siteId: 'site-tg', campaignId: null });
  });

  it('maps a WhatsApp chat to the mapped campaign in campaign mode', () => {
    const result = resolveAttribution({
      settings: campaignSettings,
      channel: 'whatsapp',
      chatStartedAt: CHAT_AT,
      capture: null,
      session: null,
    });
    expect(result).to.deep.include({ kind: 'mapping', campaignId: 'cmp-wa', sourceId: null, siteId: null });
  });

  it('falls back to the default source + site for an unmapped messenger', () => {
    const result = resolveAttribution({
      settings: sourceSettings,
      channel: 'viber',
      chatStartedAt: CHAT_AT,
      capture: null,
      session: null,
    });
    expect(result).to.deep.include({ kind: 'default', sourceId: 'src-default', siteId: 'site-default' });
  });

  it('falls back to the default campaign for a widget chat with no session', () => {
    const result = resolveAttribution({
      settings: campaignSettings,
      channel: 'widget',
      chatStartedAt: CHAT_AT,
      capture: null,
      session: null,
    });
    expect(result).to.deep.include({ kind: 'default', campaignId: 'cmp-default' });
  });

  const rejected: Array<[string, Partial<KnownVisitorSession>]> = [
    ['a session from another account', { accountId: 'acc-2' }],
    ['a session started after the chat', { startedAt: new Date(CHAT_AT.getTime() + 1000) }],
    ['a session 180 days and 1 s old', { startedAt: new Date(CHAT_AT.getTime() - 180 * DAY - 1000) }],
  ];
  for (const [name, over] of rejected) {
    it(`ignores ${name} and uses the default`, () => {
      const result = resolveAttribution({
        settings: sourceSettings,
        channel: 'widget',
        chatStartedAt: CHAT_AT,
        capture: capture(),
        session: session(over),
      });
      expect(result.kind).to.equal('default');
      expect(result.visitorSessionId).to.equal(null);
    });
  }

  it('accepts a session exactly 180 days old', () => {
    const result = resolveAttribution({
      settings: sourceSettings,
      channel: 'widget',
      chatStartedAt: CHAT_AT,
      capture: capture(),
      session: session({ startedAt: new Date(CHAT_AT.getTime() - 180 * DAY) }),
    });
    expect(result.kind).to.equal('session');
  });

  it('keeps captured UTMs, referrer and landing page on a default chat', () => {
    const result = resolveAttribution({
      settings: sourceSettings,
      channel: 'widget',
      chatStartedAt: CHAT_AT,
      capture: capture({
        utmSource: 'google',
        utmMedium: 'cpc',
        referrer: 'https://google.com/',
        entrancePage: 'https://shop.example.ru/',
      }),
      session: null,
    });
    expect(result).to.deep.include({
      kind: 'default',
      utmSource: 'google',
      utmMedium: 'cpc',
      referrer: 'https://google.com/',
      entrancePage: 'https://shop.example.ru/',
    });
  });

  it('keeps captured UTMs in forced mode too', () => {
    const result = resolveAttribution({
      settings: { ...sourceSettings, forcedMode: true },
      channel: 'widget',
      chatStartedAt: CHAT_AT,
      capture: capture({ utmCampaign: 'spring' }),
      session: null,
    });
    expect(result.utmCampaign).to.equal('spring');
  });

  it("prefers the session's own UTMs and fills gaps from the capture", () => {
    const result = resolveAttribution({
      settings: sourceSettings,
      channel: 'widget',
      chatStartedAt: CHAT_AT,
      capture: capture({ utmSource: 'other', utmTerm: 'доставка' }),
      session: session(),
    });
    expect(result).to.deep.include({ utmSource: 'yandex', utmTerm: 'доставка' });
  });
});

describe('rejectSession', () => {
  it('names each reason', () => {
    expect(rejectSession(session(), ACCOUNT, CHAT_AT)).to.equal(null);
    expect(rejectSession(session({ accountId: 'x' }), ACCOUNT, CHAT_AT)).to.equal('other-account');
    expect(rejectSession(session({ startedAt: new Date(CHAT_AT.getTime() + 1) }), ACCOUNT, CHAT_AT)).to.equal(
      'started-after-chat',
    );
    expect(rejectSession(session({ startedAt: new Date(CHAT_AT.getTime() - 200 * DAY) }), ACCOUNT, CHAT_AT)).to.equal(
      'too-old',
    );
  });
});

describe('mergeAttribution', () => {
  const make = (kind: Attribution['kind'], sourceId: string): Attribution => ({
    ...EMPTY_UTM,
    kind,
    sourceId,
    campaignId: null,
    siteId: null,
    visitorSessionId: null,
    referrer: null,
    entrancePage: null,
  });
  const table: Array<[Attribution['kind'] | null, Attribution['kind'], Attribution['kind']]> = [
    [null, 'default', 'default'],
    ['default', 'session', 'session'],
    ['default', 'mapping', 'mapping'],
    ['default', 'forced', 'default'],
    ['default', 'default', 'default'],
    ['session', 'default', 'session'],
    ['session', 'mapping', 'session'],
    ['mapping', 'session', 'mapping'],
    ['forced', 'session', 'forced'],
  ];
  for (const [previous, next, kept] of table) {
    it(`first ${previous ?? 'none'}, now ${next} -> keeps ${kept}`, () => {
      const result = mergeAttribution(previous ? make(previous, 'first') : null, make(next, 'second'));
      expect(result.kind).to.equal(kept);
      expect(result.sourceId).to.equal(previous && kept === previous ? 'first' : 'second');
    });
  }
});

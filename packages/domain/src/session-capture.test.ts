import { expect } from 'chai';
import { extractSessionCapture, SESSION_PROPS } from './session-capture';

describe('extractSessionCapture', () => {
  it('reads every prop the script writes', () => {
    const capture = extractSessionCapture({
      [SESSION_PROPS.sessionId]: 4411928373,
      [SESSION_PROPS.visitorId]: '90817263',
      [SESSION_PROPS.siteKey]: 'Xk3PqA9z',
      [SESSION_PROPS.sessionStartedAt]: '2026-11-25T09:00:00Z',
      [SESSION_PROPS.utmSource]: 'yandex',
      [SESSION_PROPS.utmMedium]: 'cpc',
      [SESSION_PROPS.utmCampaign]: 'brand',
      [SESSION_PROPS.utmTerm]: 'доставка',
      [SESSION_PROPS.utmContent]: 'ad1',
      [SESSION_PROPS.referrer]: 'https://yandex.ru/',
      [SESSION_PROPS.entrancePage]: 'https://shop.example.ru/pricing',
    });
    expect(capture).to.deep.equal({
      sessionId: '4411928373',
      visitorId: '90817263',
      siteKey: 'Xk3PqA9z',
      sessionStartedAt: new Date('2026-11-25T09:00:00Z'),
      utmSource: 'yandex',
      utmMedium: 'cpc',
      utmCampaign: 'brand',
      utmTerm: 'доставка',
      utmContent: 'ad1',
      referrer: 'https://yandex.ru/',
      entrancePage: 'https://shop.example.ru/pricing',
    });
  });

  it('returns all nulls when the user has no custom props', () => {
    expect(Object.values(extractSessionCapture(undefined)).every((v) => v === null)).to.equal(true);
  });

  it('ignores values of the wrong type, blank strings, unsafe integers and overlong text', () => {
    const capture = extractSessionCapture({
      [SESSION_PROPS.sessionId]: { id: 1 },
      [SESSION_PROPS.visitorId]: '   ',
      [SESSION_PROPS.siteKey]: 2 ** 60,
      [SESSION_PROPS.utmSource]: 'x'.repeat(300),
      [SESSION_PROPS.sessionStartedAt]: 'not a date',
    });
    expect(capture).to.deep.include({
      sessionId: null,
      visitorId: null,
      siteKey: null,
      utmSource: null,
      sessionStartedAt: null,
    });
  });

  it('reads a unix-seconds start time', () => {
    expect(
      extractSessionCapture({ [SESSION_PROPS.sessionStartedAt]: 1764054021 }).sessionStartedAt?.toISOString(),
    ).to.equal('2025-11-25T07:00:21.000Z');
  });
});

import { expect } from 'chai';
import { buildDataApiChat, formatDataApiDateTime, type ExportableChat } from './data-api-chat';

const now = new Date('2026-11-25T12:00:00.000Z');
const base: ExportableChat = {
  id: '5f0c6a4e-2f51-4a8e-9d7e-0c2b1f3a4d5e',
  startedAt: new Date('2026-11-25T07:40:21.000Z'),
  contactName: 'Ирина',
  contactPhone: '+79123456789',
  contactEmail: null,
  attributionKind: 'default',
  sessionExternalId: null,
  sessionStartedAt: null,
  trafficType: 'source',
  campaignComagicId: null,
  sourceComagicId: 101,
  siteComagicId: 7,
  employeeComagicId: 55,
  messages: [
    { sentAt: new Date('2026-11-25T07:40:21.000Z'), author: 'visitor', text: 'Здравствуйте' },
    { sentAt: new Date('2026-11-25T07:41:00.000Z'), author: 'operator', text: 'Добрый день' },
  ],
};
const build = (over: Partial<ExportableChat>) => buildDataApiChat({ ...base, ...over }, now);

describe('buildDataApiChat (CoMagic / UIS upload.chats)', () => {
  it('formats dates in the account zone (Moscow, UTC+3) as the Data API reads them', () => {
    expect(formatDataApiDateTime(new Date('2026-11-25T07:40:21.900Z'))).to.equal('2026-11-25 10:40:21');
  });

  it('uses our chat id as ext_id, source + site for a default chat, and names the employee on operator messages', () => {
    const result = build({});
    expect(result).to.deep.equal({
      exportable: true,
      chat: {
        ext_id: base.id,
        start_date_time: '2026-11-25 10:40:21',
        status: 'succeed',
        initiator: 'visitor',
        name: 'Ирина',
        phone: '+79123456789',
        source_id: 101,
        site_id: 7,
        messages: [
          { date_time: '2026-11-25 10:40:21', source: 'visitor', message: 'Здравствуйте' },
          { date_time: '2026-11-25 10:41:00', source: 'operator', employee_id: 55, message: 'Добрый день' },
        ],
      },
    });
  });

  it('sends only the tracker session when the chat was attributed by one (one attribution key)', () => {
    const result = build({ attributionKind: 'session', sessionExternalId: '4411928373', campaignComagicId: 9 });
    if (!result.exportable) throw new Error(result.reason);
    expect(result.chat.visitor_session_id).to.equal(4411928373);
    expect(result.chat).not.to.have.any.keys('campaign_id', 'source_id', 'site_id');
  });

  it('falls back to the source when the session is older than the Data API accepts (180 days)', () => {
    const old = new Date(now.getTime() - 181 * 24 * 60 * 60 * 1000);
    const result = build({ attributionKind: 'session', sessionExternalId: '4411928373', sessionStartedAt: old });
    if (!result.exportable) throw new Error(result.reason);
    expect(result.chat).to.deep.include({ source_id: 101, site_id: 7 });
    expect(result.chat).not.to.have.property('visitor_session_id');
  });

  it('sends the campaign for a campaign-traffic integration', () => {
    const result = build({ trafficType: 'campaign', campaignComagicId: 9 });
    if (!result.exportable) throw new Error(result.reason);
    expect(result.chat.campaign_id).to.equal(9);
    expect(result.chat).not.to.have.any.keys('visitor_session_id', 'source_id', 'site_id');
  });

  it('never sends a date in the future, nor a message before the start', () => {
    const result = build({
      startedAt: new Date('2026-11-25T13:00:00.000Z'),
      messages: [
        { sentAt: new Date('2026-11-25T11:00:00.000Z'), author: 'visitor', text: 'раньше начала' },
        { sentAt: new Date('2026-11-26T00:00:00.000Z'), author: 'bot', text: 'из будущего' },
      ],
    });
    if (!result.exportable) throw new Error(result.reason);
    expect(result.chat.start_date_time).to.equal('2026-11-25 15:00:00');
    expect(result.chat.messages.map((m) => [m.date_time, m.source])).to.deep.equal([
      ['2026-11-25 15:00:00', 'visitor'],
      ['2026-11-25 15:00:00', 'system'],
    ]);
    expect(result.chat.status).to.equal('lost');
  });

  const refusals: Array<[string, Partial<ExportableChat>, RegExp]> = [
    ['no phone and no email', { contactPhone: null, contactEmail: null }, /phone or email/],
    ['a source without a CoMagic id', { sourceComagicId: null }, /source or site has no CoMagic id/],
    ['a campaign without a CoMagic id', { trafficType: 'campaign' }, /campaign has no CoMagic id/],
    ['operator messages without an employee id', { employeeComagicId: null }, /employee/],
  ];
  for (const [name, over, reason] of refusals) {
    it(`records ${name} as not exportable, with the reason`, () => {
      const result = build(over);
      expect(result.exportable).to.equal(false);
      if (!result.exportable) expect(result.reason).to.match(reason);
    });
  }
});

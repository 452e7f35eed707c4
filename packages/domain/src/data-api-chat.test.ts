import { expect } from 'chai';
import {
  buildDataApiChat,
  DATA_API_SESSION_MAX_AGE_MS,
  dataApiWallClockMs,
  explainDataApiRefusal,
  formatDataApiDateTime,
  isKnownTimeZone,
  type ExportableChat,
} from './data-api-chat';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-25T12:00:00.000Z');
const MOSCOW = 'Europe/Moscow';
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
    { sentAt: new Date('2026-11-25T07:40:22.000Z'), author: 'visitor', text: 'Здравствуйте' },
    { sentAt: new Date('2026-11-25T07:41:00.000Z'), author: 'operator', text: 'Добрый день' },
  ],
};
const build = (over: Partial<ExportableChat>, context = { now, timeZone: MOSCOW }) =>
  buildDataApiChat({ ...base, ...over }, context);
const exported = (over: Partial<ExportableChat>, context = { now, timeZone: MOSCOW }) => {
  const result = build(over, context);
  if (!result.exportable) throw new Error(result.reason);
  return result.chat;
};

describe('formatDataApiDateTime (YYYY-MM-DD hh:mm:ss in the account zone)', () => {
  it('writes the wall clock of the zone get.account named, without fractions', () => {
    expect(formatDataApiDateTime(new Date('2026-11-25T07:40:21.900Z'), 'Europe/Moscow')).to.equal(
      '2026-11-25 10:40:21',
    );
    expect(formatDataApiDateTime(new Date('2026-11-25T07:40:21.900Z'), 'Asia/Yekaterinburg')).to.equal(
      '2026-11-25 12:40:21',
    );
    expect(formatDataApiDateTime(new Date('2026-11-25T23:59:59.000Z'), 'Asia/Vladivostok')).to.equal(
      '2026-11-26 09:59:59',
    );
    // A zone with daylight saving: summer and winter offsets differ.
    expect(formatDataApiDateTime(new Date('2026-07-01T00:00:00Z'), 'Europe/Berlin')).to.equal('2026-07-01 02:00:00');
    expect(formatDataApiDateTime(new Date('2026-01-01T00:00:00Z'), 'Europe/Berlin')).to.equal('2026-01-01 01:00:00');
  });

  it('reads a date of the format back as its wall clock, and nothing that is not a real date', () => {
    expect(dataApiWallClockMs('2026-11-25 10:40:21')).to.equal(Date.UTC(2026, 10, 25, 10, 40, 21));
    expect(dataApiWallClockMs(formatDataApiDateTime(new Date('2026-02-28T23:59:59Z'), 'UTC'))).to.equal(
      Date.UTC(2026, 1, 28, 23, 59, 59),
    );
    for (const text of ['2026-02-29 10:00:00', '2026-11-25 24:00:00', '2026-11-25 10:60:00', '2026-11-25 10:00:60'])
      expect(dataApiWallClockMs(text), text).to.equal(null);
    for (const text of ['2026-11-25T10:40:21', '2026-11-25 10:40:21Z', ' 2026-11-25 10:40:21', 20261125, null])
      expect(dataApiWallClockMs(text), String(text)).to.equal(null);
  });

  it('tells a known IANA zone from garbage', () => {
    expect(isKnownTimeZone('Asia/Novosibirsk')).to.equal(true);
    expect(isKnownTimeZone('Mars/Olympus')).to.equal(false);
  });
});

describe('buildDataApiChat (CoMagic / UIS upload.chats)', () => {
  it('uses our chat id as ext_id, source + site for a default chat, the phone as E.164 digits, and the employee on operator messages', () => {
    expect(build({})).to.deep.equal({
      exportable: true,
      chat: {
        ext_id: base.id,
        start_date_time: '2026-11-25 10:40:21',
        status: 'succeed',
        initiator: 'visitor',
        name: 'Ирина',
        phone: '79123456789',
        source_id: 101,
        site_id: 7,
        messages: [
          { date_time: '2026-11-25 10:40:22', source: 'visitor', message: 'Здравствуйте' },
          { date_time: '2026-11-25 10:41:00', source: 'operator', employee_id: 55, message: 'Добрый день' },
        ],
      },
    });
  });

  it("writes every time in the account's zone", () => {
    const chat = exported({}, { now, timeZone: 'Asia/Yekaterinburg' });
    expect(chat.start_date_time).to.equal('2026-11-25 12:40:21');
    expect(chat.messages.map((m) => m.date_time)).to.deep.equal(['2026-11-25 12:40:22', '2026-11-25 12:41:00']);
  });

  describe('the tracker session (one attribution key)', () => {
    const session = { attributionKind: 'session' as const, sessionExternalId: '4411928373', campaignComagicId: 9 };

    it('sends only the session when the chat was attributed by one', () => {
      const chat = exported({ ...session, sessionStartedAt: new Date(base.startedAt.getTime() - 3_600_000) });
      expect(chat.visitor_session_id).to.equal(4411928373);
      expect(chat).not.to.have.any.keys('campaign_id', 'source_id', 'site_id');
    });

    it("counts the 180 days back from the chat's start, not from the upload: a late export keeps a session just under 180 days", () => {
      const lateUpload = { now: new Date(base.startedAt.getTime() + 400 * DAY), timeZone: MOSCOW };
      const chat = exported(
        { ...session, sessionStartedAt: new Date(base.startedAt.getTime() - DATA_API_SESSION_MAX_AGE_MS + 60_000) },
        lateUpload,
      );
      expect(chat.visitor_session_id).to.equal(4411928373);
      // Exactly 180 days is still "не раньше 180 дней до".
      expect(
        exported(
          // The docs' 180 days written out, not our constant: a changed constant must fail here.
          { ...session, sessionStartedAt: new Date(base.startedAt.getTime() - 180 * DAY) },
          lateUpload,
        ).visitor_session_id,
      ).to.equal(4411928373);
    });

    it('drops a session 180 days and 1 s before the start and goes by the source + site', () => {
      const chat = exported({
        ...session,
        sessionStartedAt: new Date(base.startedAt.getTime() - 180 * DAY - 1000),
      });
      expect(chat).to.deep.include({ source_id: 101, site_id: 7 });
      expect(chat).not.to.have.property('visitor_session_id');
    });

    it('drops a session that did not start strictly before the chat (same second, or later), and one whose start we do not know', () => {
      expect(exported({ ...session, sessionStartedAt: new Date(base.startedAt.getTime() + 400) })).not.to.have.property(
        'visitor_session_id',
      );
      expect(
        exported({ ...session, sessionStartedAt: new Date(base.startedAt.getTime() + 60_000) }),
      ).not.to.have.property('visitor_session_id');
      expect(exported({ ...session, sessionStartedAt: null })).not.to.have.property('visitor_session_id');
      expect(
        exported({
          ...session,
          trafficType: 'campaign',
          sessionStartedAt: new Date(base.startedAt.getTime() + 60_000),
        }),
      ).to.deep.include({ campaign_id: 9 });
    });
  });

  it('sends the campaign for a campaign-traffic integration', () => {
    const chat = exported({ trafficType: 'campaign', campaignComagicId: 9 });
    expect(chat.campaign_id).to.equal(9);
    expect(chat).not.to.have.any.keys('visitor_session_id', 'source_id', 'site_id');
  });

  it('moves a message at (or before) the start second to one second after it, keeping the order', () => {
    const chat = exported({
      messages: [
        { sentAt: new Date('2026-11-25T07:40:10.000Z'), author: 'bot', text: 'до начала' },
        { sentAt: new Date('2026-11-25T07:40:21.000Z'), author: 'visitor', text: 'в секунду начала' },
        { sentAt: new Date('2026-11-25T07:40:21.700Z'), author: 'operator', text: 'в ту же секунду' },
        { sentAt: new Date('2026-11-25T07:40:25.000Z'), author: 'visitor', text: 'позже' },
      ],
    });
    expect(chat.start_date_time).to.equal('2026-11-25 10:40:21');
    expect(chat.messages.map((m) => [m.date_time, m.message])).to.deep.equal([
      ['2026-11-25 10:40:22', 'до начала'],
      ['2026-11-25 10:40:22', 'в секунду начала'],
      ['2026-11-25 10:40:22', 'в ту же секунду'],
      ['2026-11-25 10:40:25', 'позже'],
    ]);
  });

  it('never sends a date in the future: a start "now" or later leaves a second for the messages', () => {
    const chat = exported({
      startedAt: new Date('2026-11-25T13:00:00.000Z'),
      messages: [
        { sentAt: new Date('2026-11-25T11:00:00.000Z'), author: 'visitor', text: 'раньше начала' },
        { sentAt: new Date('2026-11-26T00:00:00.000Z'), author: 'bot', text: 'из будущего' },
      ],
    });
    expect(chat.start_date_time).to.equal('2026-11-25 14:59:59');
    expect(chat.messages.map((m) => [m.date_time, m.source])).to.deep.equal([
      ['2026-11-25 15:00:00', 'visitor'],
      ['2026-11-25 15:00:00', 'system'],
    ]);
    expect(chat.status).to.equal('lost');
  });

  describe("each operator message's employee (issue #23, «Сотрудники»)", () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 7, 41 + minute));
    const twoOperators: Partial<ExportableChat> = {
      chatEmployee: { name: 'Анна', comagicId: 61 },
      operatorEmployees: new Map([
        ['101', { name: 'Анна', comagicId: 61 }],
        ['102', { name: 'Борис', comagicId: 62 }],
      ]),
      messages: [
        { sentAt: at(0), author: 'visitor', text: 'Вопрос', operatorId: null },
        { sentAt: at(1), author: 'operator', text: 'Отвечает Анна', operatorId: '101' },
        { sentAt: at(2), author: 'operator', text: 'Подключился Борис', operatorId: '102' },
        { sentAt: at(3), author: 'operator', text: 'Кто-то без сопоставления', operatorId: '999' },
        { sentAt: at(4), author: 'operator', text: 'Автор неизвестен', operatorId: null },
      ],
    };
    const employeeIds = (chat: ReturnType<typeof exported>) => chat.messages.map((m) => m.employee_id ?? null);

    it("sends the author's mapped employee, else the chat's employee", () => {
      expect(employeeIds(exported(twoOperators))).to.deep.equal([null, 61, 62, 61, 61]);
    });

    it('falls back to the default employee when the chat has none', () => {
      expect(employeeIds(exported({ ...twoOperators, chatEmployee: null }))).to.deep.equal([null, 61, 62, 55, 55]);
    });

    it('refuses a chat whose operator is mapped to an employee without a CoMagic id, naming the employee', () => {
      const result = build({
        ...twoOperators,
        operatorEmployees: new Map([['102', { name: 'Борис', comagicId: null }]]),
      });
      expect(result).to.deep.include({ exportable: false });
      if (!result.exportable) expect(result.reason).to.match(/^у сотрудника «Борис» нет id в CoMagic/);
    });
  });

  const refusals: Array<[string, Partial<ExportableChat>, RegExp]> = [
    ['no phone and no email', { contactPhone: null, contactEmail: null }, /ни телефона, ни email/],
    ['a source without a CoMagic id', { sourceComagicId: null }, /источника или сайта/],
    ['a campaign without a CoMagic id', { trafficType: 'campaign' }, /рекламной кампании/],
    ['the campaign -1 (refused by the docs)', { trafficType: 'campaign', campaignComagicId: -1 }, /рекламной кампании/],
    ['operator messages without an employee id', { employeeComagicId: null }, /сотрудника по умолчанию/],
  ];
  for (const [name, over, reason] of refusals) {
    it(`records ${name} as not exportable, with the reason in Russian`, () => {
      const result = build(over);
      expect(result.exportable).to.equal(false);
      if (!result.exportable) expect(result.reason).to.match(reason);
    });
  }
});

describe('explainDataApiRefusal (for the page)', () => {
  it('names the field of a chat in words, in the dotted and the bracketed form, keeping the technical part', () => {
    expect(
      explainDataApiRefusal({ rpcCode: -32602, mnemonic: 'invalid_parameter_value', field: 'chats.3.phone' }),
    ).to.equal(
      'CoMagic не принял чат: неверное значение — телефон посетителя (invalid_parameter_value, -32602, chats.3.phone)',
    );
    expect(
      explainDataApiRefusal({
        rpcCode: -32602,
        mnemonic: 'invalid_date_time',
        field: 'chats[0].messages[2].date_time',
      }),
    ).to.match(/^CoMagic не принял чат: неверные дата или время — время сообщения \(/);
  });

  it('says what to do about the token, the component and the IP list', () => {
    expect(explainDataApiRefusal({ rpcCode: -32001, mnemonic: 'access_token_invalid' })).to.match(/токен/);
    expect(explainDataApiRefusal({ rpcCode: -32008, mnemonic: 'method_component_disabled' })).to.match(
      /Загрузка офлайн-заявок из внешней системы/,
    );
    expect(explainDataApiRefusal({ rpcCode: -32003, mnemonic: 'ip_not_whitelisted' })).to.match(/белом списке/);
    expect(explainDataApiRefusal({ rpcCode: -32003, mnemonic: 'something_new' })).to.match(/^нет доступа к Data API/);
  });
});

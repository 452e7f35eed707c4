import { expect } from 'chai';
import { FAKE_DEFAULT_TIME_ZONE, FakeDataApi } from '../src/fake-data-api';

// The fake over raw HTTP: each documented rule is refused as the docs say, and a valid call passes.
// Asia/Yekaterinburg (the fake's default zone) is UTC+5 all year.
const YEKATERINBURG_OFFSET_MS = 5 * 3_600_000;
const wall = (ms: number) => new Date(ms + YEKATERINBURG_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
const DAY = 24 * 3_600_000;

describe('FakeDataApi refuses what the Data API docs say the real one refuses', () => {
  const fake = new FakeDataApi();
  const start = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  let n = 0;

  async function rpc(body: unknown, contentType = 'application/json; charset=UTF-8'): Promise<any> {
    const response = await fetch(fake.url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return response.json();
  }
  const call = (method: string, params: Record<string, unknown>) =>
    rpc({ jsonrpc: '2.0', id: ++n, method, params: { access_token: 'token', ...params } });
  const validChat = (over: Record<string, unknown> = {}) => ({
    ext_id: `chat-${++n}`,
    start_date_time: wall(start),
    status: 'succeed',
    initiator: 'visitor',
    phone: '79123456789',
    source_id: 101,
    site_id: 7,
    messages: [
      { date_time: wall(start + 1000), source: 'visitor', message: 'Здравствуйте' },
      { date_time: wall(start + 30_000), source: 'operator', employee_id: 55, message: 'Добрый день' },
    ],
    ...over,
  });
  const refusal = async (chat: Record<string, unknown>) =>
    (await call('upload.chats', { chats: [validChat(), chat] })).error;

  before(async () => {
    await fake.start();
    fake.addToken('token');
    fake.addSession(4411928373, new Date(start - 3_600_000), { siteId: 7 });
    fake.addSession(4411920000, new Date(start - 180 * DAY - 1000));
  });
  after(() => fake.stop());
  beforeEach(() => (fake.fieldStyle = 'dotted'));

  it('accepts a valid call and answers result.data = [{id}] in order, with metadata.limits', async () => {
    const chats = [validChat(), validChat({ phone: undefined, email: 'irina@example.ru' })];
    const answer = await call('upload.chats', { chats });
    expect(answer.error).to.equal(undefined);
    expect(answer.result.data).to.deep.equal(chats.map((c) => ({ id: Number(fake.chats.get(c.ext_id)!.id) })));
    expect(answer.result.metadata.limits).to.have.property('minute_remaining');
    // Read as the account's wall clock (Yekaterinburg), not Moscow, not UTC.
    expect(fake.chats.get(chats[0]!.ext_id)!.startedAt).to.equal(start);
  });

  const rules: Array<[string, Record<string, unknown>, string, string]> = [
    ['no phone and no email', { phone: undefined }, 'required_parameter_missed', 'chats.1.phone'],
    ['a phone with a plus (E164 as digits)', { phone: '+79123456789' }, 'invalid_parameter_value', 'chats.1.phone'],
    ['a phone too short for E164', { phone: '7912' }, 'invalid_parameter_value', 'chats.1.phone'],
    ['a malformed email', { phone: undefined, email: 'irina' }, 'invalid_parameter_value', 'chats.1.email'],
    [
      'no attribution key (a source alone is none)',
      { site_id: undefined },
      'required_parameter_missed',
      'chats.1.visitor_session_id',
    ],
    [
      'campaign_id = -1',
      { site_id: undefined, source_id: undefined, campaign_id: -1 },
      'invalid_parameter_value',
      'chats.1.campaign_id',
    ],
    [
      'a start in the future',
      { start_date_time: wall(Date.now() + 120_000), messages: [] },
      'invalid_date_time',
      'chats.1.start_date_time',
    ],
    [
      'a start not in YYYY-MM-DD hh:mm:ss',
      { start_date_time: new Date(start).toISOString() },
      'invalid_parameter_value',
      'chats.1.start_date_time',
    ],
    [
      'a message at the start second (must be later)',
      { messages: [{ date_time: wall(start), source: 'visitor', message: 'x' }] },
      'invalid_date_time',
      'chats.1.messages.0.date_time',
    ],
    [
      'a message in the future',
      { messages: [{ date_time: wall(Date.now() + 120_000), source: 'visitor', message: 'x' }] },
      'invalid_date_time',
      'chats.1.messages.0.date_time',
    ],
    [
      'an operator message without employee_id',
      { messages: [{ date_time: wall(start + 1000), source: 'operator', message: 'x' }] },
      'required_parameter_missed',
      'chats.1.messages.0.employee_id',
    ],
    [
      'a message source off the list',
      { messages: [{ date_time: wall(start + 1000), source: 'bot', message: 'x' }] },
      'invalid_parameter_value',
      'chats.1.messages.0.source',
    ],
    ['no messages array', { messages: undefined }, 'required_parameter_missed', 'chats.1.messages'],
    ['a status off the list', { status: 'closed' }, 'invalid_parameter_value', 'chats.1.status'],
    ['a field the method does not have', { utm_source: 'yandex' }, 'unexpected_parameters', 'chats.1.utm_source'],
    [
      'a session the account does not know',
      { site_id: undefined, source_id: undefined, visitor_session_id: 1 },
      'entity_not_found',
      'chats.1.visitor_session_id',
    ],
    [
      'a session more than 180 days before the start',
      { site_id: undefined, source_id: undefined, visitor_session_id: 4411920000 },
      'invalid_parameter_value',
      'chats.1.visitor_session_id',
    ],
    [
      'a start not after the session start',
      {
        site_id: undefined,
        source_id: undefined,
        visitor_session_id: 4411928373,
        start_date_time: wall(start - 3_600_000),
        messages: [],
      },
      'invalid_date_time',
      'chats.1.start_date_time',
    ],
    [
      "a site that is not the session's",
      { source_id: undefined, site_id: 8, visitor_session_id: 4411928373 },
      'invalid_parameters_combination',
      'chats.1.site_id',
    ],
    [
      'a session id that is not a number',
      { site_id: undefined, visitor_session_id: '4411928373' },
      'data_type_error',
      'chats.1.visitor_session_id',
    ],
  ];
  for (const [name, over, mnemonic, field] of rules) {
    it(`refuses ${name} (${mnemonic}, ${field}) and stores nothing of the call`, async () => {
      const before = fake.chats.size;
      const error = await refusal(validChat(over));
      expect(error, 'refused').to.not.equal(undefined);
      expect(error.code).to.equal(-32602);
      expect(error.data).to.deep.include({ mnemonic, field });
      expect(fake.chats.size).to.equal(before);
    });
  }

  it('accepts a session exactly at 180 days and just after the session start', async () => {
    fake.addSession(4411900000, new Date(start - 180 * DAY));
    expect(
      (
        await call('upload.chats', {
          chats: [validChat({ site_id: undefined, source_id: undefined, visitor_session_id: 4411900000 })],
        })
      ).error,
    ).to.equal(undefined);
    expect(
      (
        await call('upload.chats', {
          chats: [validChat({ site_id: 7, source_id: undefined, visitor_session_id: 4411928373 })],
        })
      ).error,
    ).to.equal(undefined);
  });

  it('writes the field bracketed, or without the chat, when told to', async () => {
    fake.fieldStyle = 'bracketed';
    expect(
      (await refusal(validChat({ messages: [{ date_time: wall(start), source: 'visitor', message: 'x' }] }))).data
        .field,
    ).to.equal('chats[1].messages[0].date_time');
    fake.fieldStyle = 'unindexed';
    expect((await refusal(validChat({ phone: '+79123456789' }))).data.field).to.equal('phone');
  });

  it('takes 1 to 50 chats a call', async () => {
    expect(
      (await call('upload.chats', { chats: Array.from({ length: 51 }, () => validChat()) })).error.data,
    ).to.deep.include({ mnemonic: 'invalid_parameter_value', field: 'chats' });
    expect((await call('upload.chats', { chats: [] })).error.data.mnemonic).to.equal('invalid_parameter_value');
    expect(
      (await call('upload.chats', { chats: Array.from({ length: 50 }, () => validChat()) })).result.data,
    ).to.have.length(50);
  });

  it('refuses the envelope the docs refuse: not JSON, another content type, a batch, no id, an unknown method or parameter, a bad token', async () => {
    expect((await rpc('{not json')).error.code).to.equal(-32700);
    expect(
      (await rpc({ jsonrpc: '2.0', id: 1, method: 'get.account', params: { access_token: 'token' } }, 'text/plain'))
        .error.code,
    ).to.equal(-32700);
    expect(
      (await rpc([{ jsonrpc: '2.0', id: 1, method: 'get.account', params: { access_token: 'token' } }])).error.data
        .mnemonic,
    ).to.equal('batch_opreations_not_supported');
    expect(
      (await rpc({ jsonrpc: '2.0', method: 'get.account', params: { access_token: 'token' } })).error.data.mnemonic,
    ).to.equal('notifications_not_supported');
    expect((await call('get.accounts', {})).error.code).to.equal(-32601);
    expect((await call('get.account', { fields: ['timezone'] })).error.data).to.deep.include({
      mnemonic: 'unexpected_parameters',
      field: 'fields',
    });
    expect(
      (await rpc({ jsonrpc: '2.0', id: 1, method: 'get.account', params: { access_token: 'nope' } })).error,
    ).to.deep.include({ code: -32001 });
  });

  it('answers get.account with the account zone (not Moscow by default), or forbidden', async () => {
    expect((await call('get.account', {})).result.data[0].timezone)
      .to.equal(FAKE_DEFAULT_TIME_ZONE)
      .and.not.equal('Europe/Moscow');
    fake.addToken('agent', { getAccountForbidden: true });
    expect(
      (await rpc({ jsonrpc: '2.0', id: 1, method: 'get.account', params: { access_token: 'agent' } })).error,
    ).to.deep.include({ code: -32003 });
  });

  it('answers -32029 with metadata.limits, and -32008 without the component', async () => {
    fake.exhaustLimits(1, 17);
    const limited = (await call('upload.chats', { chats: [validChat()] })).error;
    expect(limited.code).to.equal(-32029);
    expect(limited.data.metadata.limits).to.deep.include({ minute_remaining: 0, minute_reset: 17 });
    fake.addToken('no-component', { componentMissing: true });
    expect(
      (
        await rpc({
          jsonrpc: '2.0',
          id: 1,
          method: 'upload.chats',
          params: { access_token: 'no-component', chats: [validChat()] },
        })
      ).error.data.mnemonic,
    ).to.equal('method_component_disabled');
  });

  it('tags an uploaded chat by ext_id or id (a result without data), and refuses an unknown one', async () => {
    const chat = validChat();
    const [{ id }] = (await call('upload.chats', { chats: [chat] })).result.data;
    expect(
      (
        await call('set.tag_communications', {
          communication_ext_id: chat.ext_id,
          communication_type: 'chat',
          tag_id: 12,
        })
      ).result,
    ).to.have.all.keys('metadata');
    expect(
      (await call('set.tag_communications', { communication_id: id, communication_type: 'chat', tag_id: 13 })).result,
    ).to.have.all.keys('metadata');
    expect(fake.chats.get(chat.ext_id)!.tags).to.deep.equal([12, 13]);
    expect(
      (await call('set.tag_communications', { communication_ext_id: 'nope', communication_type: 'chat', tag_id: 12 }))
        .error.data.mnemonic,
    ).to.equal('entity_not_found');
  });
});

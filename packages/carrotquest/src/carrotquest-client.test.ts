import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { CarrotQuestClient } from './carrotquest-client';
import { CarrotQuestError, CarrotQuestErrorCode, parseRetryAfter } from './carrotquest-error';

const KEY = 'app.4821.test-key-abcdef';

async function failure(promise: Promise<unknown>): Promise<CarrotQuestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').to.be.instanceOf(CarrotQuestError);
  return error as CarrotQuestError;
}

describe('CarrotQuestClient against the fake API', function () {
  this.timeout(10_000);
  const fake = new FakeCarrotQuest({ maxPartsPerPage: 2 });
  let client: CarrotQuestClient;
  const calls: string[] = [];

  before(async () => {
    const baseUrl = await fake.start();
    fake.addFixtureChats(KEY);
    client = new CarrotQuestClient({
      baseUrl,
      apiKey: KEY,
      timeoutMs: 500,
      onCall: (c) => calls.push(`${c.endpoint} ${c.outcome}`),
    });
  });
  afterEach(() => fake.clearFaults());
  after(() => fake.stop());

  it('reads a conversation with its user and channel, every id as exact text', async () => {
    const conversation = await client.getConversation('27364519');
    expect(conversation).to.deep.include({ id: '27364519', type: 'popup_chat' });
    expect(conversation.channel?.type).to.equal('manual');
    expect(conversation.user?.id).to.equal('1038472615');
  });

  it('follows next_before_position through every page and returns parts oldest first', async () => {
    const before = fake.requestsTo('/parts').length;
    const parts = await client.getConversationParts('27364519');
    expect(parts.map((p) => p.id)).to.deep.equal([
      '880012401',
      '880012402',
      '880012403',
      '880012404',
      '880012405',
      '880012406',
    ]);
    const pages = fake.requestsTo('/parts').slice(before);
    expect(pages.length).to.equal(3);
    expect(pages.map((r) => r.query.paginate_position ?? null)).to.deep.equal([null, '["880012405"]', '["880012403"]']);
    expect(pages.every((r) => r.status === 200 && r.query.paginate_direction === 'before')).to.equal(true);
  });

  it('reads ids past 2^53 exactly: conversation, user, part, admin', async () => {
    fake.addChat(KEY, {
      conversationId: '9007199254740993123',
      userId: '18446744073709551615',
      messages: 5,
      operator: { id: '9223372036854775807', name: 'Ольга' },
    });
    const conversation = await client.getConversation('9007199254740993123');
    expect(conversation.id).to.equal('9007199254740993123');
    expect(conversation.user?.id).to.equal('18446744073709551615');
    const parts = await client.getConversationParts('9007199254740993123');
    expect(parts.map((p) => p.id)).to.deep.equal(
      [0, 1, 2, 3, 4].map((i) => `9007199254740993123${String(i).padStart(3, '0')}`),
    );
    expect(parts[0]!.from).to.equal('18446744073709551615');
    expect(parts[1]!.from).to.deep.include({ id: '9223372036854775807' });
  });

  it('sends id_as_string=true and never the old paging parameters on any call', () => {
    expect(fake.requests.length).to.be.greaterThan(5);
    for (const request of fake.requests) {
      expect(request.query.id_as_string, request.path).to.equal('true');
      for (const old of ['after', 'before', 'count']) expect(request.query, request.path).not.to.have.property(old);
    }
  });

  it("lists the app's conversations most recently updated first, resuming from a [last_update, id] position", async () => {
    const other = 'app.other.key-0001';
    fake.addApp(other);
    const base = 1_760_000_000;
    // Update order differs from id order on purpose.
    for (const [id, lastUpdate] of [
      ['101', base + 50],
      ['102', base + 10],
      ['103', base + 30],
      ['104', base + 30],
      ['105', base + 5],
    ] as const) {
      fake.addChat(other, { conversationId: id, userId: `9${id}`, createdAt: base, lastUpdate });
    }
    const listing = new CarrotQuestClient({ baseUrl: fake.baseUrl, apiKey: other });
    const first = await listing.listConversations({ count: 2 });
    expect(first.conversations.map((c) => c.id)).to.deep.equal(['101', '104']);
    expect(first.next).to.deep.equal([base + 30, '104']);
    const second = await listing.listConversations({ position: first.next, count: 2 });
    expect(second.conversations.map((c) => c.id)).to.deep.equal(['103', '102']);
    const third = await listing.listConversations({ position: second.next, count: 2 });
    expect(third.conversations.map((c) => c.id)).to.deep.equal(['105']);
    expect(third.next).to.equal(null);
  });

  it('asks for custom props and gets the ones our script writes', async () => {
    const user = await client.getUser('1038472615');
    expect(user.props_custom).to.deep.include({ cb_session_id: '4411928373', cb_site_key: 'Xk3PqA9z' });
  });

  it('lists the channels', async () => {
    expect((await client.getChannels()).map((c) => c.type)).to.deep.equal(['manual', 'telegram', 'whatsapp']);
  });

  it('lists the channels with their operators, ids as exact text, when asked for them', async () => {
    const channels = await client.getChannels({ includeOperators: true });
    expect(channels.map((c) => c.operators?.map((o) => [o.id, o.name, o.type]))).to.deep.equal([
      [['5521', 'Алексей', 'admin']],
      [['5530', 'Мария', 'admin']],
      [],
    ]);
  });

  it('reports a LookupError (HTTP 400) as not_found, permanent', async () => {
    const error = await failure(client.getConversation('999'));
    expect(error.code).to.equal(CarrotQuestErrorCode.NotFound);
    expect(error.retryable).to.equal(false);
    expect(error.details).to.include({ httpStatus: 400, apiError: 'LookupError' });
  });

  it('reports a wrong key as unauthorized and never puts the key in the error', async () => {
    const bad = new CarrotQuestClient({ baseUrl: fake.baseUrl, apiKey: 'wrong-secret-key' });
    const error = await failure(bad.getChannels());
    expect(error.code).to.equal(CarrotQuestErrorCode.Unauthorized);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.to.contain('wrong-secret-key');
  });

  it('reports 403 as forbidden', async () => {
    fake.injectFault({ status: 403, times: 1 });
    expect((await failure(client.getChannels())).code).to.equal(CarrotQuestErrorCode.Forbidden);
  });

  it('reports 5xx as server, retryable', async () => {
    fake.injectFault({ status: 503, times: 1 });
    const error = await failure(client.getConversation('27364519'));
    expect(error.code).to.equal(CarrotQuestErrorCode.Server);
    expect(error.retryable).to.equal(true);
  });

  it('reports 429 with the Retry-After in milliseconds', async () => {
    fake.injectFault({ status: 429, retryAfterSeconds: 7, times: 1 });
    const error = await failure(client.getUser('1038472615'));
    expect(error.code).to.equal(CarrotQuestErrorCode.RateLimited);
    expect(error.details.retryAfterMs).to.equal(7000);
  });

  it('times out a slow answer', async () => {
    fake.injectFault({ latencyMs: 1500, times: 1 });
    expect((await failure(client.getConversation('27364519'))).code).to.equal(CarrotQuestErrorCode.Timeout);
  });

  it('reports a dropped connection and a closed port as network errors', async () => {
    fake.injectFault({ reset: true, times: 1 });
    expect((await failure(client.getConversation('27364519'))).code).to.equal(CarrotQuestErrorCode.Network);
    const nowhere = new CarrotQuestClient({ baseUrl: 'http://127.0.0.1:1', apiKey: KEY });
    expect((await failure(nowhere.getChannels())).code).to.equal(CarrotQuestErrorCode.Network);
  });

  it('reports calls to the metrics hook by route template, not by id', () => {
    expect(calls).to.include('/conversations/{id} 200');
    expect(calls.some((c) => c.includes('27364519'))).to.equal(false);
  });
});

describe('CarrotQuestClient against a server that pages wrongly', function () {
  this.timeout(10_000);
  let server: Server;
  let baseUrl = '';
  let answer: (query: URLSearchParams) => unknown = () => ({});

  before(async () => {
    server = createServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(query)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a server that sends the same position again instead of looping', async () => {
    answer = () => ({ meta: { status: 200, next_before_position: ['5'] }, data: [{ id: '6', created: 1 }] });
    const error = await failure(new CarrotQuestClient({ baseUrl, apiKey: KEY }).getConversationParts('1'));
    expect(error.code).to.equal(CarrotQuestErrorCode.BadResponse);
    expect(error.message).to.contain('twice');
  });

  it('refuses a server that never ends, after the page limit', async () => {
    answer = (query) => {
      const at = query.get('paginate_position') ? Number(JSON.parse(query.get('paginate_position')!)[0]) : 1_000_000;
      return {
        meta: { status: 200, next_before_position: [String(at - 1)] },
        data: [{ id: String(at - 1), created: 1 }],
      };
    };
    const error = await failure(
      new CarrotQuestClient({ baseUrl, apiKey: KEY, maxPartPages: 7 }).getConversationParts('1'),
    );
    expect(error.code).to.equal(CarrotQuestErrorCode.BadResponse);
    expect(error.message).to.contain('more than 7 pages');
  });

  it('stops at an empty page even when a position still comes', async () => {
    let calls = 0;
    answer = () =>
      calls++ === 0
        ? { meta: { status: 200, next_before_position: ['9'] }, data: [{ id: '10', created: 1 }] }
        : { meta: { status: 200, next_before_position: ['9'] }, data: [] };
    const parts = await new CarrotQuestClient({ baseUrl, apiKey: KEY }).getConversationParts('1');
    expect(parts.map((p) => p.id)).to.deep.equal(['10']);
  });

  it('keeps a bare 64-bit id exact, and refuses an id written in a form that has lost digits', async () => {
    const exact = createServer((_req, res) =>
      res.end('{"meta":{"status":200},"data":{"id":18446744073709551615,"created":1}}'),
    );
    await new Promise<void>((resolve) => exact.listen(0, '127.0.0.1', resolve));
    const exactUrl = `http://127.0.0.1:${(exact.address() as AddressInfo).port}`;
    expect((await new CarrotQuestClient({ baseUrl: exactUrl, apiKey: KEY }).getConversation('1')).id).to.equal(
      '18446744073709551615',
    );
    await new Promise<void>((resolve) => exact.close(() => resolve()));
    answer = () => ({ meta: { status: 200 }, data: { id: 1.5e30, created: 1 } });
    expect((await failure(new CarrotQuestClient({ baseUrl, apiKey: KEY }).getConversation('1'))).code).to.equal(
      CarrotQuestErrorCode.BadResponse,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).to.equal(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', Date.parse('2026-11-25T10:00:00Z'))).to.equal(30_000);
    expect(parseRetryAfter('soon')).to.equal(null);
    expect(parseRetryAfter(undefined)).to.equal(null);
  });
});

import { expect } from 'chai';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { CarrotQuestClient } from './carrotquest-client';
import { CarrotQuestError, CarrotQuestErrorCode, parseRetryAfter } from './carrotquest-error';

const KEY = 'app.4821.test-key-abcdef';

async function failure(promise: Promise<unknown>): Promise<CarrotQuestError> {
  const error = await promise.then(() => null, (e: unknown) => e);
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
    client = new CarrotQuestClient({ baseUrl, apiKey: KEY, timeoutMs: 500, onCall: (c) => calls.push(`${c.endpoint} ${c.outcome}`) });
  });
  afterEach(() => fake.clearFaults());
  after(() => fake.stop());

  it('reads a conversation with its user and channel', async () => {
    const conversation = await client.getConversation('27364519');
    expect(conversation).to.deep.include({ id: 27364519, type: 'popup_chat' });
    expect(conversation.channel?.type).to.equal('manual');
    expect(conversation.user?.id).to.equal(1038472615);
  });

  it('follows next_before_position through every page and returns parts oldest first', async () => {
    const before = fake.requestsTo('/parts').length;
    const parts = await client.getConversationParts('27364519');
    expect(parts.map((p) => p.id)).to.deep.equal([880012401, 880012402, 880012403, 880012404, 880012405, 880012406]);
    expect(fake.requestsTo('/parts').length - before).to.equal(3);
  });

  it('asks for custom props and gets them', async () => {
    const user = await client.getUser('1038472615');
    expect(user.props_custom).to.deep.equal({ cm_session_id: 4411928373, cm_visitor_id: 90817263, cm_site_key: 'Xk3PqA9z' });
  });

  it('lists the channels', async () => {
    expect((await client.getChannels()).map((c) => c.type)).to.deep.equal(['manual', 'telegram', 'whatsapp']);
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
    const nowhere = new CarrotQuestClient({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: KEY });
    expect((await failure(nowhere.getChannels())).code).to.equal(CarrotQuestErrorCode.Network);
  });

  it('reports calls to the metrics hook by route template, not by id', () => {
    expect(calls).to.include('/conversations/{id} 200');
    expect(calls.some((c) => c.includes('27364519'))).to.equal(false);
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

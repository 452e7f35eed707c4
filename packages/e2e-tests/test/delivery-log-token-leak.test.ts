import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { tokenTraces } from '@carrot-bridge/delivery-log';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { freePort, PrivateRedisServer, startApp, waitFor, type AppProcess } from '@carrot-bridge/test-support';
import { api, seedAttackedAccount, startConsole, type ConsoleUnderAttack } from './attack-helpers';

const KEY = 'app.4821.token-leak-key';
// '/' and '+' make its percent-encoded and base64url forms differ from its text.
const TOKEN = 'Wq7tok3n/Zx9+Rv2Lp-5c81e';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** MIME-style: 76 characters a line, CRLF between. */
const b64lines = (text: string) => b64(text).replace(/(.{76})/g, '$1\r\n');

/** The fixture's form with our token, a fresh event id and a given conversation id. */
function form(eventId: string, over: Record<string, string> = {}): string {
  const params = new URLSearchParams(loadWebhookBody());
  params.set('token', TOKEN);
  params.set('event_id', eventId);
  params.set('event', JSON.stringify({ id: Number(eventId), props: { $conversation_id: 27364519 } }));
  for (const [name, value] of Object.entries(over)) params.set(name, value);
  return params.toString();
}

function json(eventId: string, over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'event',
    token: TOKEN,
    event_name: '$conversation_part_group_closed',
    event_id: eventId,
    event: { id: Number(eventId), props: { $conversation_id: 27364519 } },
    ...over,
  });
}

const escapedKey = (text: string) => text.replace('"token"', '"tok\\u0065n"');
const escapedChars = (text: string) =>
  text.replace(
    TOKEN,
    [...TOKEN].map((c, i) => (i % 2 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join(''),
  );

// Every shape a body may carry the token in (issue #20, B). Each is sent with the right token.
const shapes: Array<[string, string, string, number]> = [
  ['a plain form', FORM_TYPE, form('810001'), 200],
  ['plain JSON', JSON_TYPE, json('810002'), 200],
  ['base64 of a form', FORM_TYPE, b64(form('810003')), 200],
  ['base64url of a form', FORM_TYPE, b64url(form('810004')), 200],
  ['base64 of a form with line breaks', FORM_TYPE, b64lines(form('810005')), 200],
  ['base64 of JSON', FORM_TYPE, b64(json('810006')), 200],
  ['JSON with an escaped key', JSON_TYPE, escapedKey(json('810007')), 200],
  ['JSON with the token \\u-escaped', JSON_TYPE, escapedChars(json('810008')), 200],
  [
    'JSON inside a JSON string',
    JSON_TYPE,
    json('810009', {
      event: JSON.stringify({
        id: 810009,
        props: { $conversation_id: 27364519, token: TOKEN, inner: JSON.stringify({ secret_token: TOKEN }) },
      }),
    }),
    200,
  ],
  [
    'JSON with an escaped key inside a form field',
    FORM_TYPE,
    form('810010', { user: escapedKey(JSON.stringify({ id: 1, token: TOKEN })) }),
    200,
  ],
  ['a form body sent as application/json', JSON_TYPE, form('810011'), 400],
  [
    'a base64 delivery that is not an event',
    FORM_TYPE,
    b64(`type=message_webhook&token=${encodeURIComponent(TOKEN)}`),
    200,
  ],
  // Issue #21: forms the walk over the fields does not open; the body is then not kept at all.
  [
    'a form with the token percent-encoded inside a field',
    FORM_TYPE,
    form('810013', { q: `token=${encodeURIComponent(TOKEN)}` }),
    200,
  ],
  [
    'a form with base64 of {"token":…} in a field',
    FORM_TYPE,
    form('810014', { blob: b64(JSON.stringify({ token: TOKEN })) }),
    200,
  ],
  [
    'a form with the token \\u-escaped in a JSON string literal',
    FORM_TYPE,
    form('810015', { note: escapedChars(JSON.stringify(TOKEN)) }),
    200,
  ],
  [
    'a form with JSON after text in a field',
    FORM_TYPE,
    form('810016', { data: `data: ${escapedChars(JSON.stringify({ note: TOKEN }))}` }),
    200,
  ],
  // Issue #21: the token as a field the ingress reads and quotes (the type, in the entry and the problem).
  ['a form whose type is the token', FORM_TYPE, form('810017', { type: TOKEN }), 200],
  [
    'a wrong-token form carrying the right token elsewhere',
    FORM_TYPE,
    form('810012', { token: 'wrong', note: TOKEN }),
    401,
  ],
];

/** Every key and value in Redis, whatever its type, as text. */
async function everyRedisText(
  redis: ReturnType<typeof createRedisConnection>,
): Promise<Array<{ key: string; text: string }>> {
  const found: Array<{ key: string; text: string }> = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let parts: string[] = [];
      if (type === 'string') parts = [(await redis.get(key)) ?? ''];
      else if (type === 'hash') parts = Object.entries(await redis.hgetall(key)).flat();
      else if (type === 'list') parts = await redis.lrange(key, 0, -1);
      else if (type === 'set') parts = await redis.smembers(key);
      else if (type === 'zset') parts = await redis.zrange(key, 0, -1, 'WITHSCORES');
      else if (type === 'stream')
        parts = (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
      else throw new Error(`key ${key} has a type this search does not read: ${type}`);
      found.push({ key, text: [key, ...parts].join('\n') });
    }
  } while (cursor !== '0');
  return found;
}

describe('no webhook token in Redis, whatever the body shape (real console and ingress, private Redis)', function () {
  const redisServer = new PrivateRedisServer();
  const fake = new FakeCarrotQuest();
  const secretsKey = randomBytes(32).toString('base64');
  const prefix = `tl-${randomUUID().slice(0, 8)}`;
  let target: ConsoleUnderAttack;
  let ingress: AppProcess;
  let webhookUrl = '';
  let accountId = '';
  let integrationId = '';
  const answers: Array<{ name: string; status: number; expected: number }> = [];

  before(async () => {
    await redisServer.start();
    await fake.start();
    fake.addApp(KEY);
    const ingressPort = await freePort();
    const shared = { REDIS_URL: redisServer.url, SECRETS_KEY: secretsKey, QUEUE_PREFIX: prefix };
    target = await startConsole('token_leak', {
      ...shared,
      CARROTQUEST_API_BASE_URL: fake.baseUrl,
      PUBLIC_BASE_URL: `http://127.0.0.1:${ingressPort}`,
    });
    ingress = await startApp('ingress', { ...shared, INGRESS_PORT: String(ingressPort) });
    const { ids, settings } = await seedAttackedAccount(target);
    const created = await api(target.url, 'POST', `/accounts/${ids.account}/integrations`, {
      ...settings,
      apiKey: KEY,
      webhookToken: TOKEN,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    ({ webhookUrl } = created.body);
    accountId = ids.account;
    integrationId = created.body.id;
    for (const [name, contentType, body, expected] of shapes) {
      const answer = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
      answers.push({ name, status: answer.status, expected });
    }
    // The last delivery is a plain valid one: once it is in the log, every earlier one was flushed too.
    const last = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': FORM_TYPE },
      body: form('810099', { event: JSON.stringify({ id: 810099, props: { $conversation_id: 990099 } }) }),
    });
    expect(last.status).to.equal(200);
    await waitFor(
      'the last delivery in the delivery log',
      async () => {
        const log = await api(target.url, 'GET', `/accounts/${accountId}/integrations/${integrationId}/deliveries`);
        return log.body?.deliveries?.[0]?.conversationId === '990099' ? true : undefined;
      },
      30_000,
      100,
    );
  });
  after(async () => {
    await ingress?.stop();
    await target?.stop();
    await fake.stop();
    await redisServer.stop();
  });

  it('answers each shape as a delivery with the right token is answered', () => {
    expect(answers.map((a) => `${a.name}: ${a.status}`)).to.deep.equal(answers.map((a) => `${a.name}: ${a.expected}`));
  });

  it('the search finds the token in each of its forms when it is there (the search can fail)', async () => {
    const redis = createRedisConnection(redisServer.url, 'producer');
    try {
      await redisReady(redis);
      const planted = tokenTraces(TOKEN).map((t) => t.example);
      expect(planted.length).to.be.at.least(8);
      for (const [i, example] of planted.entries()) await redis.set(`canary:${i}`, `before ${example} after`);
      const texts = (await everyRedisText(redis)).filter((t) => t.key.startsWith('canary:'));
      expect(texts).to.have.length(planted.length);
      // Trace i finds canary i: each form of the search is shown to work, not just one of them.
      const traces = tokenTraces(TOKEN);
      const found = planted.map((_, i) => {
        const canary = texts.find((t) => t.key === `canary:${i}`);
        return `${traces[i]!.name}: ${canary !== undefined && traces[i]!.foundIn(canary.text)}`;
      });
      expect(found).to.deep.equal(traces.map((trace) => `${trace.name}: true`));
      await redis.del(...planted.map((_, i) => `canary:${i}`));
    } finally {
      redis.disconnect();
    }
  });

  it('no Redis key or value holds the token: as text, percent-encoded, \\u-escaped or base64 at any alignment', async () => {
    const redis = createRedisConnection(redisServer.url, 'producer');
    try {
      await redisReady(redis);
      const texts = await everyRedisText(redis);
      // The search read what it had to: the delivery log's bodies and the queued jobs are there.
      expect(texts.some((t) => t.key.includes(`deliveries:bodies:${integrationId}`))).to.equal(true);
      expect(texts.filter((t) => t.text.includes('27364519')).length).to.be.at.least(3);
      const leaks = texts.flatMap(({ key, text }) =>
        tokenTraces(TOKEN)
          .filter((trace) => trace.foundIn(text))
          .map((trace) => `${key}: ${trace.name}`),
      );
      expect(leaks).to.deep.equal([]);
    } finally {
      redis.disconnect();
    }
  });
});

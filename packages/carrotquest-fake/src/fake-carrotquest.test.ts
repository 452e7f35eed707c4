import { expect } from 'chai';
import { FakeCarrotQuest } from './fake-carrotquest';

const KEY = 'app.4821.fake-self-test';
const DAY = 86_400;

describe('FakeCarrotQuest over HTTP: questions, parts paging, operators', function () {
  this.timeout(10_000);
  const fake = new FakeCarrotQuest();

  async function get(path: string, query: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const url = new URL(`${fake.baseUrl}${path}`);
    for (const [k, v] of Object.entries({ id_as_string: 'true', ...query })) url.searchParams.set(k, v);
    const response = await fetch(url, { headers: { authorization: `Token ${KEY}` } });
    return { status: response.status, body: await response.json() };
  }

  before(async () => {
    await fake.start();
    fake.addApp(KEY);
  });
  after(() => fake.stop());

  describe('a returning visitor (addQuestion)', () => {
    const t0 = Math.floor(Date.now() / 1000) - 30 * DAY;
    before(() => {
      fake.addChat(KEY, {
        conversationId: '52000001',
        userId: '1052000001',
        propsCustom: { cb_session_id: 'yandex-1' },
        questions: [{ startedAt: t0, messages: 4, closedPart: true }],
      });
    });

    it('adds an open question in a new part group after every part, and moves last_update', async () => {
      const added = fake.addQuestion(KEY, '52000001', {
        startedAt: t0 + 30 * DAY,
        texts: ['Снова здравствуйте'],
        propsCustom: { cb_session_id: 'google-7' },
      });
      expect(added).to.have.length(1);
      const conversation = (await get('/conversations/52000001')).body.data;
      expect(conversation).to.deep.include({ closed: false, last_update: t0 + 30 * DAY, parts_count: 6 });
      const parts = (await get('/conversations/52000001/parts', { paginate_count: '50' })).body.data;
      expect(parts.map((p: { id: string }) => p.id)).to.deep.equal([
        '52000001005',
        '52000001004',
        '52000001003',
        '52000001002',
        '52000001001',
        '52000001000',
      ]);
      expect(parts[0]).to.deep.include({ part_group: '5200000102', body: 'Снова здравствуйте', type: 'reply_user' });
      expect(new Set(parts.slice(1).map((p: { part_group: string }) => p.part_group))).to.deep.equal(
        new Set(['5200000101']),
      );
      const user = (await get('/users/1052000001', { props_custom: 'true' })).body.data;
      expect(user.props_custom).to.deep.equal({ cb_session_id: 'google-7' });
    });

    it('closes the conversation when the new question ends with a `closed` part', async () => {
      const added = fake.addQuestion(KEY, '52000001', {
        startedAt: t0 + 31 * DAY,
        messages: 2,
        operator: { id: '5530', name: 'Мария' },
        closedPart: true,
      });
      expect(added.map((p) => p.type)).to.deep.equal(['reply_user', 'reply_admin', 'closed']);
      expect(new Set(added.map((p) => p.part_group))).to.deep.equal(new Set(['5200000103']));
      const conversation = (await get('/conversations/52000001')).body.data;
      expect(conversation).to.deep.include({ closed: true, last_update: t0 + 31 * DAY + 60, parts_count: 9 });
      expect(conversation.assignee).to.deep.include({ id: '5530', type: 'admin' });
    });
  });

  describe('parts paging', () => {
    // A year-long messenger conversation: a question every month, 12 parts each.
    const start = 1_735_689_600;
    before(() => {
      fake.addChat(KEY, {
        conversationId: '52000002',
        userId: '1052000002',
        channel: 'telegram',
        questions: Array.from({ length: 12 }, (_, m) => ({ startedAt: start + m * 30 * DAY, messages: 12 })),
      });
    });

    it('pages newest first by part id, at most 50 a page, down to a null next_before_position', async () => {
      const seen: string[] = [];
      let position: unknown = undefined;
      let pages = 0;
      do {
        const answer = await get('/conversations/52000002/parts', {
          paginate_count: '50',
          ...(position ? { paginate_position: JSON.stringify(position) } : {}),
        });
        expect(answer.status).to.equal(200);
        pages += 1;
        seen.push(...answer.body.data.map((p: { id: string }) => p.id));
        position = answer.body.meta.next_before_position;
        if (position) expect(position).to.deep.equal([seen.at(-1)]);
      } while (position);
      expect(pages).to.equal(3);
      expect(seen).to.have.length(144);
      expect(seen[0]).to.equal('52000002143');
      expect(seen.at(-1)).to.equal('52000002000');
      expect(seen).to.deep.equal([...seen].sort((a, b) => Number(b) - Number(a)));
    });

    it('answers 20 by default and refuses a page over 50 with a ValidationError', async () => {
      expect((await get('/conversations/52000002/parts')).body.data).to.have.length(20);
      const refused = await get('/conversations/52000002/parts', { paginate_count: '51' });
      expect(refused.status).to.equal(400);
      expect(refused.body.meta.error).to.equal('ValidationError');
    });
  });

  describe('operators of the channels', () => {
    it('includes `operators` (Admin objects) by default, and leaves them out on include_operators=false', async () => {
      fake.setOperators(KEY, [
        { id: '5521', name: 'Алексей' },
        { id: '5530', name: 'Мария', avatar: 'https://a/m.png' },
      ]);
      const channels = (await get('/apps/$self_app/channels')).body.data;
      expect(channels.length).to.be.greaterThan(1);
      for (const channel of channels) {
        expect(channel.operators).to.deep.equal([
          { id: '5521', name: 'Алексей', avatar: 'https://files.carrotquest.io/avatars/default-v2.png', type: 'admin' },
          { id: '5530', name: 'Мария', avatar: 'https://a/m.png', type: 'admin' },
        ]);
      }
      for (const off of ['false', 'False', '0', '']) {
        const without = (await get('/apps/$self_app/channels', { include_operators: off })).body.data;
        expect(without.map((c: { id: string }) => c.id)).to.deep.equal(channels.map((c: { id: string }) => c.id));
        expect(
          without.some((c: object) => 'operators' in c),
          off,
        ).to.equal(false);
      }
      const asked = (await get('/apps/$self_app/channels', { include_operators: 'true' })).body.data;
      expect(asked[0].operators).to.have.length(2);
    });

    it('sets the operators of one channel only, and writes their ids as numbers without id_as_string', async () => {
      fake.setOperators(KEY, [{ id: '9007199254740993', name: 'Бот-помощник' }], '305');
      const response = await fetch(`${fake.baseUrl}/apps/$self_app/channels`, {
        headers: { authorization: `Token ${KEY}` },
      });
      const text = await response.text();
      expect(text).to.contain('"operators":[{"id":9007199254740993,"name":"Бот-помощник"');
      const channels = (await get('/apps/$self_app/channels')).body.data;
      const telegram = channels.find((c: { id: string }) => c.id === '305');
      expect(telegram.operators.map((o: { id: string }) => o.id)).to.deep.equal(['9007199254740993']);
      expect(channels.find((c: { id: string }) => c.id === '301').operators).to.have.length(2);
      expect(() => fake.setOperators(KEY, [], '999')).to.throw('no channel 999');
    });
  });

  describe('a part CarrotQuest removed (removePart)', () => {
    const t0 = Math.floor(Date.now() / 1000) - 2 * DAY;
    before(() => {
      fake.addChat(KEY, {
        conversationId: '52000003',
        userId: '1052000003',
        questions: [{ startedAt: t0, texts: ['Мой телефон +7 916 123-45-67', 'Записал'], closedPart: true }],
      });
      fake.updateConversation(KEY, '52000003', { lastUpdate: t0 + 600, newTexts: ['Спасибо'] });
    });

    it('answers every part with `removed` null until it is removed, then with the time; body and last_update stay', async () => {
      const before = (await get('/conversations/52000003/parts', { paginate_count: '50' })).body.data;
      expect(before.map((p: { removed: unknown }) => p.removed)).to.deep.equal([null, null, null, null]);
      const lastUpdate = (await get('/conversations/52000003')).body.data.last_update;

      fake.removePart(KEY, '52000003', '52000003000', t0 + 900);
      fake.removePart(KEY, '52000003', '52000003003');
      const after = (await get('/conversations/52000003/parts', { paginate_count: '50' })).body.data;
      const byId = new Map(after.map((p: { id: string }) => [p.id, p]));
      expect(byId.get('52000003000')).to.deep.include({ removed: t0 + 900, body: 'Мой телефон +7 916 123-45-67' });
      expect(byId.get('52000003001')).to.deep.include({ removed: null, body: 'Записал' });
      expect((byId.get('52000003003') as { removed: number }).removed).to.be.closeTo(Date.now() / 1000, 5);
      const conversation = (await get('/conversations/52000003')).body.data;
      expect(conversation.last_update).to.equal(lastUpdate);
      expect(conversation.part_last).to.deep.include({ id: '52000003003', body: 'Спасибо' });
      expect(conversation.part_last.removed).to.be.a('number');
      expect(() => fake.removePart(KEY, '52000003', '1')).to.throw('no part 1');
    });
  });

  describe('concurrency per API key, and faults of one key', () => {
    const OTHER = 'app.4822.fake-self-test-other';
    before(() => fake.addApp(OTHER));
    after(() => {
      fake.clearFaults();
      fake.setLatency(0);
    });

    it('counts the requests of each key answered at once, and the most at once', async () => {
      fake.setLatency(100);
      fake.inFlight.reset(KEY);
      const calls = Array.from({ length: 5 }, () => get('/users/404'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fake.inFlight.current(KEY)).to.equal(5);
      await Promise.all(calls);
      expect(fake.inFlight.current(KEY)).to.equal(0);
      expect(fake.inFlight.max(KEY)).to.equal(5);
      expect(fake.inFlight.max(OTHER)).to.equal(0);
      fake.setLatency(0);
    });

    it('answers a fault given for one key to that key only', async () => {
      fake.injectFault({ apiKey: OTHER, status: 429, retryAfterSeconds: 7, times: Infinity });
      const mine = await get('/users/404');
      const theirs = await fetch(`${fake.baseUrl}/users/404`, { headers: { authorization: `Token ${OTHER}` } });
      expect(mine.status).to.equal(400);
      expect(theirs.status).to.equal(429);
      expect(theirs.headers.get('retry-after')).to.equal('7');
    });

    it('answers 429 TooManyRequests with Retry-After past the rate limit of each key, the other keys unaffected', async () => {
      fake.clearFaults();
      // Well inside one second, so the window cannot turn over between the calls.
      while (Date.now() % 1000 > 500) await new Promise((resolve) => setTimeout(resolve, 20));
      fake.setRateLimit(2);
      try {
        const mine = await Promise.all([1, 2, 3].map(() => get('/users/404')));
        const theirs = await fetch(`${fake.baseUrl}/users/404`, { headers: { authorization: `Token ${OTHER}` } });
        expect(mine.map((m) => m.status).sort()).to.deep.equal([400, 400, 429]);
        expect(mine.find((m) => m.status === 429)!.body.meta).to.deep.include({
          status: 429,
          error: 'TooManyRequests',
        });
        expect(theirs.status).to.equal(400);
        const again = await fetch(`${fake.baseUrl}/users/404`, { headers: { authorization: `Token ${KEY}` } });
        expect([again.status, again.headers.get('retry-after')]).to.deep.equal([429, '1']);
      } finally {
        fake.setRateLimit(null);
      }
    });
  });
});

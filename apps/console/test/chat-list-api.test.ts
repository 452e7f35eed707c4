import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { encodeChatCursor } from '@carrot-bridge/db';
import { seedAccount, seedAccountCatalog } from '@carrot-bridge/test-support';
import { ConsoleHarness } from './console-harness';

const VALID_KEY = 'app.4822.chat-list-key';

// GET /accounts/:id/chats: keyset paging, each filter, the search, and a 422 naming the field in Russian.
describe('the chat list API («Чаты»)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  const A = {
    account: randomUUID(),
    site: randomUUID(),
    campaign: randomUUID(),
    source: randomUUID(),
    employee: randomUUID(),
  };
  const B = { account: randomUUID() };
  let integrationId = '';

  before(async () => {
    await h.start('chat_list_api');
    h.fake.addApp(VALID_KEY);
    const db = h.t.db;
    await seedAccountCatalog(db, {
      id: A.account,
      sites: [{ id: A.site, domain: 'shop.ru', systemCampaignId: A.campaign }],
      sources: [{ id: A.source, name: 'Direct' }],
      employees: [{ id: A.employee, name: 'Оператор' }],
    });
    await seedAccount(db, { id: B.account });
    const created = await h.api('POST', `/accounts/${A.account}/integrations`, {
      name: 'L',
      apiKey: VALID_KEY,
      trafficType: 'campaign',
      defaultCampaignId: A.campaign,
      defaultEmployeeId: A.employee,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    integrationId = created.body.id;
    const chat = (conversationId: string, startedAt: string, over: Record<string, unknown> = {}) =>
      db.chat.create({
        data: {
          accountId: A.account,
          integrationId,
          conversationId,
          carrotUserId: '1',
          channel: 'widget',
          startedAt: new Date(startedAt),
          attributionKind: 'default',
          campaignId: A.campaign,
          ...over,
        },
      });
    // Imported in another order than they started: the list must follow the start.
    await chat('c3', '2026-03-03T08:00:00Z', {
      campaignId: null,
      sourceId: A.source,
      attributionKind: 'session',
      firstVisitorMessage: 'Есть ли доставка?',
    });
    await chat('c1', '2026-03-01T08:00:00Z', { contactName: 'Ирина Петрова' });
    await chat('c4', '2026-03-04T08:00:00Z', { contactPhone: '+79161234567' });
    await chat('c2', '2026-03-02T08:00:00Z', { channel: 'telegram', exportStatus: 'exported' });
  });
  after(() => h.stop());

  const list = (query: string, account = A.account) => h.api('GET', `/accounts/${account}/chats?${query}`);
  const ids = async (query: string) => {
    const res = await list(query);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body.chats as Array<{ conversationId: string }>).map((c) => c.conversationId);
  };

  it('pages newest started first: each nextCursor gives the next page, the last page has none', async () => {
    const first = await list('limit=3');
    expect(first.body.chats.map((c: { conversationId: string }) => c.conversationId)).to.deep.equal(['c4', 'c3', 'c2']);
    expect(first.body.nextCursor).to.be.a('string');
    const second = await list(`limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.chats.map((c: { conversationId: string }) => c.conversationId)).to.deep.equal(['c1']);
    expect(second.body.nextCursor).to.equal(null);
  });

  it('filters by period, channel, attribution, campaign, source, export state and integration', async () => {
    expect(await ids('from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z')).to.deep.equal(['c3', 'c2']);
    expect(await ids('channel=telegram')).to.deep.equal(['c2']);
    expect(await ids('attributionKind=session')).to.deep.equal(['c3']);
    expect(await ids(`campaignId=${A.campaign}`)).to.deep.equal(['c4', 'c2', 'c1']);
    expect(await ids(`sourceId=${A.source}`)).to.deep.equal(['c3']);
    expect(await ids('exportStatus=exported')).to.deep.equal(['c2']);
    expect(await ids('exportStatus=none')).to.deep.equal(['c4', 'c3', 'c1']);
    expect(await ids(`integrationId=${integrationId}&channel=widget`)).to.deep.equal(['c4', 'c3', 'c1']);
  });

  it('searches by contact or the first message', async () => {
    expect(await ids(`search=${encodeURIComponent('петров')}`)).to.deep.equal(['c1']);
    expect(await ids(`search=${encodeURIComponent('916 123')}`)).to.deep.equal(['c4']);
    expect(await ids(`search=${encodeURIComponent('  доставка ')}`)).to.deep.equal(['c3']);
  });

  it('refuses a bad cursor or filter with 422 naming the field in Russian', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['cursor=abc', 'cursor', /курсор/i],
      [`cursor=${encodeChatCursor({ startedAt: new Date(), id: randomUUID() })}x`, 'cursor', /курсор/i],
      ['search=ab', 'search', /не короче 3/],
      ['channel=fax', 'channel', /канал/i],
      ['attributionKind=luck', 'attributionKind', /привязк/i],
      ['exportStatus=maybe', 'exportStatus', /выгрузк/i],
      ['campaignId=1', 'campaignId', /кампани/i],
      ['sourceId=1', 'sourceId', /источник/i],
      ['integrationId=1', 'integrationId', /интеграци/i],
      ['limit=500', 'limit', /страниц/i],
      ['from=03.11.2026', 'from', /[а-я]/i],
      ['from=2026-03-04T00:00:00Z&to=2026-03-01T00:00:00Z', 'to', /позже начала/],
    ];
    for (const [query, field, message] of cases) {
      const res = await list(query);
      expect(res.status, query).to.equal(422);
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        query,
      ).to.deep.equal([field]);
      expect(res.body.errors[0].message, query).to.match(message);
    }
  });

  it('a cursor of another account only says where to start: it shows nothing of that account', async () => {
    const cursor = encodeChatCursor({ startedAt: new Date('2026-03-03T00:00:00Z'), id: randomUUID() });
    expect(await ids(`cursor=${cursor}`)).to.deep.equal(['c2', 'c1']);
    const other = await list(`cursor=${cursor}`, B.account);
    expect(other.status).to.equal(200);
    expect(other.body.chats).to.deep.equal([]);
    expect((await list(`integrationId=${integrationId}`, B.account)).status).to.equal(404);
  });
});

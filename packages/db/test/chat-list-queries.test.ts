import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  insertIntegration,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { chatListPageSql, decodeChatCursor, listChatsOfAccount, type ChatListFilters } from '../src/chat-list-queries';
import { chatCountsOfIntegration } from '../src/integration-settings-queries';
import { erasePersonalDataOfChats } from '../src/personal-data-queries';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

describe('the chat list («Чаты»): order, keyset paging, filters, search', function () {
  this.timeout(300_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let second: IntegrationFixture;
  const campaign = randomUUID();

  before(async () => {
    t = await createTestDatabase('chat_list');
    const box = new SecretBox(randomBytes(32).toString('base64'));
    fx = await insertIntegration(t.db, box, 'app.1.list-key', 'Список', {
      campaigns: [{ id: campaign, name: 'Бренд' }],
    });
    // A second integration of the SAME account: the integration filter tells them apart.
    const integration = await t.db.carrotQuestIntegration.findUniqueOrThrow({ where: { id: fx.integrationId } });
    const secondId = randomUUID();
    await t.db.carrotQuestIntegration.create({
      data: { ...integration, id: secondId, name: 'Второй сайт', webhookKeyHash: randomBytes(32).toString('hex') },
    });
    second = { ...fx, integrationId: secondId };
  });
  after(() => t?.drop());
  beforeEach(() => t.db.chat.deleteMany({}));

  const chat = (
    owner: IntegrationFixture,
    conversationId: string,
    startedAt: string,
    over: Record<string, unknown> = {},
  ) =>
    t.db.chat.create({
      data: {
        accountId: owner.accountId,
        integrationId: owner.integrationId,
        conversationId,
        carrotUserId: '1',
        channel: 'widget',
        startedAt: new Date(startedAt),
        attributionKind: 'default',
        sourceId: owner.sourceId,
        siteId: owner.siteId,
        ...over,
      },
    });
  const list = (f: Partial<ChatListFilters> = {}) => listChatsOfAccount(t.db, fx.accountId, { limit: 50, ...f });
  const conversations = async (f: Partial<ChatListFilters> = {}) => (await list(f)).chats.map((c) => c.conversationId);

  it('goes newest STARTED first, whatever the import order, and pages through every chat once', async () => {
    // Imported in this order (a backfill of old chats last): the list must not follow the import.
    await chat(fx, 'today', '2026-12-03T09:00:00Z');
    await chat(fx, 'tie-a', '2026-12-02T09:00:00Z', { id: '00000000-0000-4000-8000-00000000000a' });
    await chat(fx, 'tie-b', '2026-12-02T09:00:00Z', { id: '00000000-0000-4000-8000-00000000000b' });
    await chat(fx, 'last-year', '2025-12-01T09:00:00Z');
    await chat(fx, 'yesterday', '2026-12-02T18:00:00Z');

    expect(await conversations()).to.deep.equal(['today', 'yesterday', 'tie-b', 'tie-a', 'last-year']);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.chats.map((c) => c.conversationId));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(['today', 'yesterday', 'tie-b', 'tie-a', 'last-year']);
    // The cursor is where the page ended, not a row id: a chat deleted meanwhile does not break the next page.
    const first = await list({ limit: 2 });
    expect(decodeChatCursor(first.nextCursor!)).to.deep.include({ startedAt: new Date('2026-12-02T18:00:00Z') });
    await t.db.chat.deleteMany({ where: { conversationId: 'yesterday' } });
    expect((await list({ limit: 2, cursor: first.nextCursor! })).chats.map((c) => c.conversationId)).to.deep.equal([
      'tie-b',
      'tie-a',
    ]);
  });

  it('filters by period of the start, channel, attribution, campaign, source, export state and integration', async () => {
    await chat(fx, 'march', '2026-03-10T10:00:00Z', { channel: 'telegram', attributionKind: 'mapping' });
    await chat(fx, 'april', '2026-04-10T10:00:00Z', {
      sourceId: null,
      campaignId: campaign,
      attributionKind: 'session',
      exportStatus: 'exported',
    });
    await chat(fx, 'may', '2026-05-10T10:00:00Z', { exportStatus: 'failed' });
    await chat(second, 'other-site', '2026-04-11T10:00:00Z');

    expect(await conversations({ from: new Date('2026-04-01'), to: new Date('2026-05-01') })).to.deep.equal([
      'other-site',
      'april',
    ]);
    expect(await conversations({ channel: 'telegram' })).to.deep.equal(['march']);
    expect(await conversations({ attributionKind: 'session' })).to.deep.equal(['april']);
    expect(await conversations({ campaignId: campaign })).to.deep.equal(['april']);
    expect(await conversations({ sourceId: fx.sourceId })).to.deep.equal(['may', 'other-site', 'march']);
    expect(await conversations({ exportStatus: 'failed' })).to.deep.equal(['may']);
    expect(await conversations({ exportStatus: 'none' })).to.deep.equal(['other-site', 'march']);
    expect(await conversations({ integrationId: second.integrationId })).to.deep.equal(['other-site']);
    expect(await conversations({ integrationId: fx.integrationId, exportStatus: 'none' })).to.deep.equal(['march']);
  });

  it('searches contacts and the first message as a substring, any case, phones by digits; never erased data', async () => {
    await chat(fx, 'name', '2026-03-01T10:00:00Z', { contactName: 'Мария Иванова' });
    await chat(fx, 'mail', '2026-03-02T10:00:00Z', { contactEmail: 'Client.Box@Example.ru' });
    await chat(fx, 'phone', '2026-03-03T10:00:00Z', { contactPhone: '+79161234567' });
    await chat(fx, 'text', '2026-03-04T10:00:00Z', { firstVisitorMessage: 'Сколько стоит доставка в Казань?' });
    await chat(fx, 'percent', '2026-03-05T10:00:00Z', { firstVisitorMessage: 'Скидка 100% на всё' });
    // Erased on request through the real erasure: what it said can no longer find it.
    const erased = await chat(fx, 'erased', '2026-03-06T10:00:00Z', {
      contactName: 'Мария Иванова',
      contactPhone: '+79160000000',
      contactEmail: 'maria@example.ru',
      firstVisitorMessage: 'Сколько стоит доставка в Казань?',
    });
    expect(await conversations({ search: 'maria@example' })).to.deep.equal(['erased']);
    await erasePersonalDataOfChats(t.db, fx.accountId, [erased.id], 'request', new Date());

    expect(await conversations({ search: 'иванов' })).to.deep.equal(['name']);
    expect(await conversations({ search: 'box@example' })).to.deep.equal(['mail']);
    expect(await conversations({ search: '916 123-45' })).to.deep.equal(['phone']);
    expect(await conversations({ search: '+7916' })).to.deep.equal(['phone']);
    expect(await conversations({ search: 'ДОСТАВКА' })).to.deep.equal(['text']);
    // % and _ are the user's characters, not wildcards.
    expect(await conversations({ search: '0% н' })).to.deep.equal(['percent']);
    expect(await conversations({ search: 'a_b' })).to.deep.equal([]);
    expect(await conversations({ search: 'Мария', channel: 'telegram' })).to.deep.equal([]);
    expect(await conversations({ search: 'maria@example' })).to.deep.equal([]);
    expect(await conversations({ search: '79160000' })).to.deep.equal([]);
  });

  it('counts chats by their start (today / 7 days) and what was imported today apart', async () => {
    const now = Date.parse('2026-12-03T15:00:00Z');
    await chat(fx, 'c1', '2026-12-03T08:00:00Z', { questionId: 'q1' });
    await chat(fx, 'c1', '2026-12-03T09:00:00Z', { questionId: 'q2' });
    await chat(fx, 'c2', '2026-11-30T09:00:00Z');
    // A backfill of last year, imported today: not a chat of today, but an import of today.
    await chat(fx, 'old', '2025-12-01T09:00:00Z');
    await chat(fx, 'old-import', '2026-11-01T09:00:00Z', { createdAt: new Date('2026-11-01T10:00:00Z') });

    const counts = await chatCountsOfIntegration(t.db, fx.integrationId, now);
    expect(counts.chats).to.deep.equal({ today: 2, last7Days: 3 });
    expect(counts.conversations).to.deep.equal({ today: 1, last7Days: 2 });
    // createdAt defaults to the real now(), which is after `now`'s start of day only if today is that day.
    const realToday = await chatCountsOfIntegration(t.db, fx.integrationId);
    expect(realToday.importedToday).to.equal(4);
  });

  it('on 1,000,000 chats a search reads Chat_search_idx and a page reads a startedAt index, never the table', async () => {
    await t.db.$transaction(
      async (tx) => {
        const indexes = await tx.$queryRawUnsafe<Array<{ name: string; definition: string }>>(`
          SELECT i.indexname::text AS name, i.indexdef AS definition
            FROM pg_indexes i
           WHERE i.tablename = 'Chat'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = format('%I', i.indexname)::regclass)`);
        for (const index of indexes) await tx.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
        await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
        // Every chat has a name, a phone and a first message; ten of them are «Мария Ивановна».
        await tx.$executeRawUnsafe(`
          INSERT INTO "Chat" ("id", "accountId", "integrationId", "conversationId", "carrotUserId", "channel", "attributionKind",
                              "sourceId", "siteId", "startedAt", "updatedAt", "contactName", "contactPhone", "firstVisitorMessage")
          SELECT lpad(to_hex(g), 32, '0')::uuid, '${fx.accountId}',
                 CASE WHEN g % 2 = 0 THEN '${fx.integrationId}'::uuid ELSE '${second.integrationId}'::uuid END,
                 lpad(g::text, 9, '0'), '1',
                 (ARRAY['widget','telegram','whatsapp','vk']::"ChatChannel"[])[1 + g % 4],
                 (ARRAY['session','mapping','default','forced']::"AttributionKind"[])[1 + g % 4],
                 '${fx.sourceId}', '${fx.siteId}', TIMESTAMP '2024-01-01' + (g * interval '77.76 seconds'), now(),
                 CASE WHEN g % 100000 = 7 THEN 'Мария Ивановна' ELSE 'Посетитель ' || g END,
                 '+7900' || lpad(g::text, 7, '0'),
                 'Здравствуйте, вопрос про заказ ' || g
            FROM generate_series(1, 1000000) AS g`);
        for (const index of indexes) await tx.$executeRawUnsafe(index.definition);
      },
      { timeout: 280_000 },
    );
    await t.db.$executeRawUnsafe('VACUUM ANALYZE "Chat"');

    const plan = async (f: Partial<ChatListFilters>, after: { startedAt: Date; id: string } | null = null) => {
      const sql = chatListPageSql(fx.accountId, { limit: 50, ...f }, after);
      const [{ 'QUERY PLAN': p }] = (await t.db.$queryRawUnsafe<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
        `EXPLAIN (FORMAT JSON) ${sql.text}`,
        ...sql.values,
      )) as [{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }];
      return planNodes(p[0]!.Plan).filter((n) => n['Relation Name'] === 'Chat' || n['Index Name']?.startsWith('Chat_'));
    };
    const indexesOf = (nodes: PlanNode[]) => nodes.map((n) => n['Index Name']).filter(Boolean);
    const kinds = (nodes: PlanNode[]) => nodes.map((n) => n['Node Type']);

    for (const search of ['Мария Ивановна', '900012345', 'ивановн']) {
      const nodes = await plan({ search });
      expect(kinds(nodes), search).not.to.include('Seq Scan');
      expect(indexesOf(nodes), search).to.include('Chat_search_idx');
    }
    const cursor = { startedAt: new Date('2025-06-01T00:00:00Z'), id: randomUUID() };
    // A page is a walk down a startedAt index that stops after 51 rows: no scan of the table, no sort of it.
    // Chat_report_idx leads with (accountId, startedAt) too: walked backwards, it is in the list's order.
    const startedAtIndexes = ['Chat_integrationId_startedAt_id_idx', 'Chat_accountId_startedAt_idx', 'Chat_report_idx'];
    for (const after of [null, cursor]) {
      for (const f of [
        { integrationId: fx.integrationId },
        {},
        { integrationId: second.integrationId, channel: 'vk' as const },
      ]) {
        const nodes = await plan(f, after);
        expect(kinds(nodes), JSON.stringify(f)).not.to.include('Seq Scan');
        expect(kinds(nodes), JSON.stringify(f)).not.to.include('Sort');
        expect(indexesOf(nodes), JSON.stringify(f)).to.have.length(1);
        expect(startedAtIndexes).to.include(indexesOf(nodes)[0]);
      }
    }
    // And the answers are right at that size.
    const found = await listChatsOfAccount(t.db, fx.accountId, { limit: 50, search: 'мария ивановна' });
    expect(found.chats).to.have.length(10);
    const page = await listChatsOfAccount(t.db, fx.accountId, { limit: 3, integrationId: fx.integrationId });
    expect(page.chats.map((c) => c.conversationId)).to.deep.equal(['001000000', '000999998', '000999996']);
  });
});

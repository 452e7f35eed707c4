import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  insertIntegration,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { chatsPerDay, chatsPerDaySql } from '../src/report-queries';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/**
 * A million chats of one integration, ~1,100 a day from 2024-01-01, loaded the way PostgreSQL's docs
 * advise for bulk loads (one INSERT ... SELECT, secondary indexes rebuilt afterwards, foreign-key
 * triggers off for rows valid by construction): ~15 s on 2 cores instead of ~75 s. The indexes are
 * recreated from their own definitions, so the planner sees exactly the migrated schema.
 */
async function bulkLoadChats(t: TestDatabase, fx: IntegrationFixture, count: number): Promise<void> {
  await t.db.$transaction(
    async (tx) => {
      const indexes = await tx.$queryRawUnsafe<Array<{ name: string; definition: string }>>(`
        SELECT i.indexname::text AS name, i.indexdef AS definition
          FROM pg_indexes i
         WHERE i.tablename = 'Chat'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = format('%I', i.indexname)::regclass)`);
      for (const index of indexes) await tx.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
      // Sequential ids and conversation ids, as a live table's keys grow.
      await tx.$executeRawUnsafe(`
        INSERT INTO "Chat" ("id", "accountId", "integrationId", "conversationId", "carrotUserId", "channel", "attributionKind", "sourceId", "siteId", "startedAt", "updatedAt")
        SELECT lpad(to_hex(g), 32, '0')::uuid, '${fx.accountId}', '${fx.integrationId}', lpad(g::text, 9, '0'), '1',
               (ARRAY['widget','telegram','whatsapp','vk']::"ChatChannel"[])[1 + g % 4],
               (ARRAY['session','mapping','default','forced']::"AttributionKind"[])[1 + g % 4],
               '${fx.sourceId}', '${fx.siteId}',
               TIMESTAMP '2024-01-01' + (g * interval '77.76 seconds'), now()
          FROM generate_series(1, ${count}) AS g`);
      for (const index of indexes) await tx.$executeRawUnsafe(index.definition);
    },
    { timeout: 120_000 },
  );
  // What autovacuum does after a bulk load: statistics, and the visibility map an index-only scan needs.
  await t.db.$executeRawUnsafe('VACUUM ANALYZE "Chat"');
}

describe('chats per day (the «Отчёт» aggregate)', function () {
  this.timeout(120_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let other: IntegrationFixture;
  const campaign = randomUUID();
  const anna = randomUUID();
  const boris = randomUUID();

  before(async () => {
    t = await createTestDatabase('report');
    const box = new SecretBox(randomBytes(32).toString('base64'));
    fx = await insertIntegration(t.db, box, 'app.1.report-key', 'Отчёт', {
      campaigns: [{ id: campaign, name: 'Бренд' }],
      employees: [
        { id: anna, name: 'Анна' },
        { id: boris, name: 'Борис' },
      ],
    });
    other = await insertIntegration(t.db, box, 'app.2.other-key', 'Чужой');
  });
  after(() => t?.drop());

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

  it('cuts days in the asked time zone, splits by the dimension, names sources and campaigns, keeps to the account', async () => {
    // 21:30 UTC on 1 March is 00:30 on 2 March in Moscow (UTC+3): the same instant, another day.
    await chat(fx, 'a1', '2026-03-01T21:30:00Z');
    await chat(fx, 'a2', '2026-03-01T20:59:00Z', { channel: 'telegram', attributionKind: 'mapping' });
    await chat(fx, 'a3', '2026-03-02T10:00:00Z', {
      sourceId: null,
      siteId: null,
      campaignId: campaign,
      attributionKind: 'session',
    });
    await chat(fx, 'a4', '2026-03-03T21:00:00Z'); // 4 March in Moscow: outside a period ending 3 March
    await chat(other, 'b1', '2026-03-02T10:00:00Z');

    const moscow = await chatsPerDay(t.db, {
      accountId: fx.accountId,
      dimension: 'source',
      from: '2026-03-01',
      to: '2026-03-03',
      timeZone: 'Europe/Moscow',
    });
    expect(moscow).to.deep.equal([
      { day: '2026-03-01', bucket: fx.sourceId, chats: 1, name: 'Direct', siteDomain: null },
      { day: '2026-03-02', bucket: fx.sourceId, chats: 1, name: 'Direct', siteDomain: null },
      { day: '2026-03-02', bucket: null, chats: 1, name: null, siteDomain: null },
    ]);
    const utc = await chatsPerDay(t.db, {
      accountId: fx.accountId,
      dimension: 'channel',
      from: '2026-03-01',
      to: '2026-03-03',
      timeZone: 'UTC',
    });
    expect(utc.map((r) => [r.day, r.bucket, r.chats])).to.deep.equal([
      ['2026-03-01', 'telegram', 1],
      ['2026-03-01', 'widget', 1],
      ['2026-03-02', 'widget', 1],
      ['2026-03-03', 'widget', 1],
    ]);
    const campaigns = await chatsPerDay(t.db, {
      accountId: fx.accountId,
      dimension: 'campaign',
      from: '2026-03-02',
      to: '2026-03-02',
      timeZone: 'Europe/Moscow',
    });
    expect(campaigns.find((r) => r.bucket === campaign)).to.deep.include({
      name: 'Бренд',
      siteDomain: 'shop.example.ru',
      chats: 1,
    });
    const kinds = await chatsPerDay(t.db, {
      accountId: fx.accountId,
      dimension: 'attributionKind',
      from: '2026-03-01',
      to: '2026-03-04',
      timeZone: 'Europe/Moscow',
      integrationId: fx.integrationId,
    });
    expect(kinds.reduce((sum, r) => sum + r.chats, 0)).to.equal(4);
    const none = await chatsPerDay(t.db, {
      accountId: fx.accountId,
      dimension: 'source',
      from: '2026-03-01',
      to: '2026-03-04',
      timeZone: 'Europe/Moscow',
      integrationId: other.integrationId,
    });
    expect(none).to.deep.equal([]);
  });

  it('splits by the chat’s employee, named, with the chats that have none in their own bucket', async () => {
    // Three questions of one conversation answered by two employees: each question counts for its own.
    await chat(fx, 'e1', '2026-04-01T09:00:00Z', { questionId: 'g1', employeeId: anna });
    await chat(fx, 'e1', '2026-04-01T12:00:00Z', { questionId: 'g2', employeeId: boris });
    await chat(fx, 'e1', '2026-04-02T09:00:00Z', { questionId: 'g3', employeeId: anna });
    await chat(fx, 'e2', '2026-04-02T10:00:00Z', { employeeId: null });
    await chat(other, 'e3', '2026-04-01T10:00:00Z', { employeeId: other.employeeId });

    const rows = await chatsPerDay(t.db, {
      accountId: fx.accountId,
      dimension: 'employee',
      from: '2026-04-01',
      to: '2026-04-02',
      timeZone: 'Europe/Moscow',
    });
    // The query orders a day's buckets by id (random uuids here), the empty one last: read in name order.
    const byName = (r: { name: string | null }) => r.name ?? '\uffff';
    const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day) || (byName(a) < byName(b) ? -1 : 1));
    expect(sorted.map((r) => [r.day, r.bucket, r.name, r.chats])).to.deep.equal([
      ['2026-04-01', anna, 'Анна', 1],
      ['2026-04-01', boris, 'Борис', 1],
      ['2026-04-02', anna, 'Анна', 1],
      ['2026-04-02', null, null, 1],
    ]);
  });

  it('on 1,000,000 chats the plan is a range scan of Chat_report_idx, never a scan of the table', async () => {
    await bulkLoadChats(t, fx, 1_000_000);
    for (const dimension of ['source', 'campaign', 'channel', 'attributionKind', 'employee'] as const) {
      for (const [from, to] of [
        ['2025-03-01', '2025-03-31'],
        ['2025-01-01', '2025-12-31'],
      ] as const) {
        const sql = chatsPerDaySql({
          accountId: fx.accountId,
          dimension,
          from,
          to,
          timeZone: 'Europe/Moscow',
          integrationId: dimension === 'channel' ? fx.integrationId : null,
        });
        const [{ 'QUERY PLAN': plan }] = (await t.db.$queryRawUnsafe<
          Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>
        >(`EXPLAIN (FORMAT JSON) ${sql.text}`, ...sql.values)) as [{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }];
        const nodes = planNodes(plan[0]!.Plan);
        const onChat = nodes.filter((n) => n['Relation Name'] === 'Chat');
        expect(onChat, `${dimension} ${from}..${to}`).to.have.length(1);
        expect(onChat[0]).to.deep.include({ 'Node Type': 'Index Only Scan', 'Index Name': 'Chat_report_idx' });
      }
    }
    // And the answer is right at that size: 31 days of ~1,111 chats, every one counted once.
    const march = await chatsPerDay(t.db, {
      accountId: fx.accountId,
      dimension: 'channel',
      from: '2025-03-01',
      to: '2025-03-31',
      timeZone: 'UTC',
    });
    const [{ count }] = (await t.db.$queryRawUnsafe<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM "Chat" WHERE "accountId" = '${fx.accountId}' AND "startedAt" >= '2025-03-01' AND "startedAt" < '2025-04-01'`,
    )) as [{ count: number }];
    expect(march.reduce((sum, r) => sum + r.chats, 0))
      .to.equal(count)
      .and.to.be.above(30_000);
  });
});

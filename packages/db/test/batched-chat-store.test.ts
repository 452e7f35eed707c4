import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import {
  BatchedChatStore,
  MissingReferenceError,
  type ChatMessageRecord,
  type ChatWrite,
  type SqlRunner,
} from '../src/index';

/** Counts the statements a store sends, so the tests can see batches. */
class CountingRunner implements SqlRunner {
  statements: number[] = [];
  constructor(private readonly inner: SqlRunner) {}
  async rows<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    if (text.includes('INSERT INTO "Chat"'))
      this.statements.push((JSON.parse(values[0] as string) as unknown[]).length);
    return this.inner.rows<T>(text, values);
  }
}

describe('BatchedChatStore (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let observer: pg.Pool;

  before(async () => {
    t = await createTestDatabase('db_chat_store');
    fx = await insertIntegration(t.db, new SecretBox(randomBytes(32).toString('base64')), 'app.1.key');
    observer = new pg.Pool({ connectionString: t.url, max: 5 });
  });
  after(async () => {
    await observer?.end();
    await t?.drop();
  });

  const message = (partId: string, text: string): ChatMessageRecord => ({
    partId,
    sentAt: new Date('2026-11-25T07:40:21.500Z'),
    author: 'visitor',
    partType: 'reply_user',
    operatorName: null,
    text,
  });
  const write = (conversationId: string, over: Partial<ChatWrite> = {}): ChatWrite => ({
    chat: chatRecordFixture(fx, conversationId, { messagesCount: 2 }),
    messages: [message(`${conversationId}-1`, 'Здравствуйте'), message(`${conversationId}-2`, 'Есть доставка?')],
    tagId: null,
    ...over,
  });
  const count = async (sql: string, ...values: unknown[]) => Number((await observer.query(sql, values)).rows[0].n);

  it('writes a lone chat at once and the chats arriving meanwhile together in the next statement, each job resolving with its own committed chat', async () => {
    const runner = new CountingRunner(t.sql);
    const store = new BatchedChatStore(runner, { maxWritesInFlight: 1 });
    const ids = await Promise.all(
      ['b1', 'b2', 'b3', 'b4', 'b5'].map(async (c) => {
        const id = await store.write(write(c));
        // Resolved means committed: another connection sees the chat and its messages now.
        expect(await count('SELECT count(*) AS n FROM "Chat" WHERE id = $1 AND "conversationId" = $2', id, c)).to.equal(
          1,
        );
        expect(await count('SELECT count(*) AS n FROM "ChatMessage" WHERE "chatId" = $1', id)).to.equal(2);
        return id;
      }),
    );
    expect(new Set(ids).size).to.equal(5);
    expect(runner.statements).to.deep.equal([1, 4]);
  });

  it('keeps two writes of one conversation apart (PostgreSQL refuses one row twice in a statement): one chat, every message once', async () => {
    const runner = new CountingRunner(t.sql);
    const store = new BatchedChatStore(runner, { maxWritesInFlight: 1 });
    const first = write('dup', { messages: [message('dup-1', 'a')] });
    const second = write('dup', {
      messages: [message('dup-1', 'a'), message('dup-2', 'b')],
      chat: chatRecordFixture(fx, 'dup', { contactName: 'Ирина', messagesCount: 2 }),
    });
    // A lone chat goes first; the two writes of 'dup' and another chat arrive meanwhile and share a batch.
    const [, a, b, other] = await Promise.all([
      store.write(write('dup-lead')),
      store.write(first),
      store.write(second),
      store.write(write('dup-other')),
    ]);
    expect(a).to.equal(b);
    expect(other).to.not.equal(a);
    expect(runner.statements).to.deep.equal([1, 2, 1]);
    expect(await count('SELECT count(*) AS n FROM "Chat" WHERE "conversationId" = $1', 'dup')).to.equal(1);
    expect(await count('SELECT count(*) AS n FROM "ChatMessage" WHERE "chatId" = $1', a)).to.equal(2);
    expect((await observer.query('SELECT "contactName" FROM "Chat" WHERE id = $1', [a])).rows[0].contactName).to.equal(
      'Ирина',
    );
  });

  it('fails only the job whose chat the database refuses: the rest of its batch is written row by row', async () => {
    const runner = new CountingRunner(t.sql);
    const store = new BatchedChatStore(runner, { maxWritesInFlight: 1 });
    // A tag that does not exist: the foreign key refuses this one chat, and with it the batch's statement.
    const bad = write('bad', { tagId: randomUUID() });
    const results = await Promise.allSettled([
      store.write(write('ok-0')),
      store.write(write('ok-1')),
      store.write(bad),
      store.write(write('ok-2')),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason)
      .to.be.instanceOf(MissingReferenceError)
      .and.have.property('message')
      .that.matches(/foreign key|ChatTag/i);
    expect(runner.statements).to.deep.equal([1, 3, 1, 1, 1]);
    expect(await count(`SELECT count(*) AS n FROM "Chat" WHERE "conversationId" IN ('ok-0', 'ok-1', 'ok-2')`)).to.equal(
      3,
    );
    expect(await count(`SELECT count(*) AS n FROM "Chat" WHERE "conversationId" = 'bad'`)).to.equal(0);
  });

  it('marks a chat pending for the export in the same statement, clearing an earlier export error', async () => {
    const store = new BatchedChatStore(t.sql);
    const id = await store.write(write('exp'));
    expect(
      (await observer.query('SELECT "exportStatus" FROM "Chat" WHERE id = $1', [id])).rows[0].exportStatus,
    ).to.equal(null);
    await observer.query(`UPDATE "Chat" SET "exportStatus" = 'failed', "exportError" = 'refused' WHERE id = $1`, [id]);
    await store.write(write('exp'));
    expect(
      (await observer.query('SELECT "exportStatus", "exportError" FROM "Chat" WHERE id = $1', [id])).rows[0],
    ).to.deep.equal({ exportStatus: 'failed', exportError: 'refused' });
    await store.write(write('exp', { exportPending: true }));
    expect(
      (await observer.query('SELECT "exportStatus", "exportError" FROM "Chat" WHERE id = $1', [id])).rows[0],
    ).to.deep.equal({ exportStatus: 'pending', exportError: null });
  });

  it('reads stored questions and visitor sessions of many jobs in one statement each, as Prisma stores them', async () => {
    const session = await t.db.visitorSession.create({
      data: {
        accountId: fx.accountId,
        externalId: 'S-1',
        siteId: fx.siteId,
        startedAt: new Date('2026-11-25T07:00:00.123Z'),
        utmSource: 'yandex',
        referrer: 'https://ya.ru/',
      },
    });
    const store = new BatchedChatStore(t.sql);
    await store.write(
      write('attr', {
        chat: chatRecordFixture(fx, 'attr', {
          attributionKind: 'session',
          visitorSessionId: session.id,
          utmSource: 'yandex',
        }),
      }),
    );
    const [found, missing, byPrisma, none] = await Promise.all([
      store.visitorSession({ accountId: fx.accountId, externalId: 'S-1' }),
      store.visitorSession({ accountId: randomUUID(), externalId: 'S-1' }),
      // What Prisma's ORM reads for the same row (its own DateTime handling): the raw read must equal it.
      t.db.visitorSession.findUnique({
        where: { accountId_externalId: { accountId: fx.accountId, externalId: 'S-1' } },
        select: {
          id: true,
          accountId: true,
          startedAt: true,
          siteId: true,
          campaignId: true,
          sourceId: true,
          utmSource: true,
          utmMedium: true,
          utmCampaign: true,
          utmTerm: true,
          utmContent: true,
          referrer: true,
          entrancePage: true,
        },
      }),
      store.storedQuestions({ integrationId: fx.integrationId, conversationId: 'never' }),
    ]);
    expect(found).to.deep.equal(byPrisma);
    expect(found!.startedAt.toISOString()).to.equal('2026-11-25T07:00:00.123Z');
    expect(missing).to.equal(null);
    expect(none).to.deep.equal([]);
    const [stored] = await store.storedQuestions({ integrationId: fx.integrationId, conversationId: 'attr' });
    expect(stored).to.include({
      questionId: '1',
      attributionKind: 'session',
      visitorSessionId: session.id,
      utmSource: 'yandex',
    });
  });
});

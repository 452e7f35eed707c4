import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Chat, Database, SqlRunner } from '@carrot-bridge/db';
import { retentionCutoff } from '@carrot-bridge/domain';
import { createMemoryLogger } from '@carrot-bridge/logging';
import {
  createRedisConnection,
  PersonalDataScheduler,
  RETENTION_SWEEP,
  RETENTION_SWEEP_EVERY_MS,
} from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  insertIntegration,
  requireEnv,
  waitFor,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { JobWorkers } from '../src/lifecycle/job-workers';
import { retentionSweepHandler } from '../src/retention/retention-sweep.handler';
import { RetentionSweepError, RetentionSweepUseCase } from '../src/retention/retention-sweep.usecase';

const DAY = 86_400_000;
/** A chat's personal data (docs/personal-data.md); every other column is the report's and must not move. */
const PERSONAL = [
  'contactName',
  'contactPhone',
  'contactEmail',
  'firstVisitorMessage',
  'exportError',
  'sessionVisitorId',
] as const;
const ERASURE = ['personalDataErasedAt', 'personalDataErasure'] as const;

// Issue #25 «Срок хранения переписки»: with the clock moved, exactly the chats past each account's limit
// lose their personal data; rows, counts and attribution stay.
describe('retention sweep (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let db: Database;
  const secretBox = new SecretBox(randomBytes(32).toString('base64'));
  const now = new Date('2027-03-10T08:00:00.000Z');
  let conversation = 1000;

  before(async () => {
    t = await createTestDatabase('retention_sweep');
    db = t.db;
  });
  after(async () => t?.drop());
  beforeEach(async () => {
    await t.sql.rows('TRUNCATE "Account" CASCADE', []);
  });

  /** An account (with its catalog and one integration) whose retention is `days` (null: kept). */
  async function account(days: number | null): Promise<IntegrationFixture> {
    const fx = await insertIntegration(db, secretBox, `app.${randomUUID()}.key`);
    await db.account.update({ where: { id: fx.accountId }, data: { retentionDays: days } });
    return fx;
  }

  /** A chat with contacts, texts and an export refusal, started at `startedAt`, with two messages. */
  async function chat(fx: IntegrationFixture, startedAt: Date): Promise<string> {
    conversation += 1;
    const created = await db.chat.create({
      data: {
        accountId: fx.accountId,
        integrationId: fx.integrationId,
        conversationId: String(conversation),
        questionId: '1',
        carrotUserId: '1038472615',
        channel: 'telegram',
        contactName: 'Ирина Соколова',
        contactPhone: '+79123456789',
        contactEmail: 'irina@example.ru',
        firstVisitorMessage: 'Здравствуйте, мой телефон 8 912 345-67-89',
        exportStatus: 'failed',
        exportError: 'phone: +79123456789 is invalid',
        sessionExternalId: '4411928373',
        sessionVisitorId: '77001',
        startedAt,
        attributionKind: 'default',
        sourceId: fx.sourceId,
        siteId: fx.siteId,
        utmSource: 'yandex',
        messagesCount: 2,
        messages: {
          create: [
            { partId: '1', sentAt: startedAt, author: 'visitor', partType: 'reply_user', text: 'Здравствуйте' },
            { partId: '2', sentAt: startedAt, author: 'operator', partType: 'reply_admin', text: 'Добрый день' },
          ],
        },
      },
    });
    return created.id;
  }

  const allChats = () => db.chat.findMany({ orderBy: { id: 'asc' }, include: { messages: true } });
  /** The columns the report and the import rely on: everything but the personal data and its erasure. */
  const reportColumns = (c: Chat) => {
    const copy: Record<string, unknown> = { ...c };
    for (const k of [...PERSONAL, ...ERASURE, 'messages']) delete copy[k];
    return copy;
  };

  function sweep(options: { clock?: () => Date; batch?: number; sql?: SqlRunner } = {}) {
    const requested: number[] = [];
    const useCase = new RetentionSweepUseCase({
      db,
      sql: options.sql ?? t.sql,
      compaction: { requestCompaction: async () => void requested.push(1) },
      clock: options.clock ?? (() => now),
      ...(options.batch ? { batch: options.batch } : {}),
    });
    return { useCase, requested };
  }

  it('erases exactly the chats past each account’s limit, keeps the rest and the report’s columns', async () => {
    const month = await account(30);
    const week = await account(7);
    const kept = await account(null);
    const monthCutoff = retentionCutoff(now, 30).getTime();
    const weekCutoff = retentionCutoff(now, 7).getTime();
    const ids = {
      monthPast: await chat(month, new Date(monthCutoff - 1000)),
      monthInside: await chat(month, new Date(monthCutoff + 1000)),
      monthAtCutoff: await chat(month, new Date(monthCutoff)),
      // Ten days old: past the week, inside the month.
      monthTenDays: await chat(month, new Date(now.getTime() - 10 * DAY)),
      weekPast: await chat(week, new Date(weekCutoff - 1000)),
      weekTenDays: await chat(week, new Date(now.getTime() - 10 * DAY)),
      weekInside: await chat(week, new Date(weekCutoff + 1000)),
      keptOld: await chat(kept, new Date(now.getTime() - 400 * DAY)),
    };
    const before = await allChats();

    const { useCase, requested } = sweep();
    const outcome = await useCase.execute();

    const erasedIds = [ids.monthPast, ids.weekPast, ids.weekTenDays];
    expect(outcome).to.deep.equal({
      accounts: 2,
      erasedChats: 3,
      erasedMessages: 6,
      failedAccounts: [],
      compactionRequested: true,
    });
    expect(requested).to.have.length(1);
    const after = await allChats();
    expect(after.map(reportColumns)).to.deep.equal(before.map(reportColumns));
    for (const c of after) {
      const old = before.find((b) => b.id === c.id)!;
      const messages = (list: typeof c.messages) =>
        list.map((m) => [m.id, m.partId, m.author, m.sentAt.toISOString()]).sort();
      expect(messages(c.messages), 'message rows stay').to.deep.equal(messages(old.messages));
      if (erasedIds.includes(c.id)) {
        for (const k of PERSONAL) expect(c[k], `${k} of an erased chat`).to.equal(null);
        expect(c.messages.map((m) => m.text)).to.deep.equal([null, null]);
        expect(c.personalDataErasedAt?.toISOString()).to.equal(now.toISOString());
        expect(c.personalDataErasure).to.equal('retention');
      } else {
        for (const k of PERSONAL) expect(c[k], `${k} of a kept chat`).to.equal(old[k]).and.not.equal(null);
        expect(c.messages.map((m) => m.text).sort()).to.deep.equal(['Добрый день', 'Здравствуйте']);
        expect([c.personalDataErasedAt, c.personalDataErasure]).to.deep.equal([null, null]);
      }
    }

    const states = await db.retentionState.findMany();
    const state = (accountId: string) => states.find((s) => s.accountId === accountId);
    expect(states).to.have.length(2);
    expect(state(kept.accountId), 'an account without retention gets no state').to.equal(undefined);
    expect(state(month.accountId)).to.deep.include({
      lastStartedAt: now,
      lastFinishedAt: now,
      lastErased: 1,
      lastError: null,
      erasedBefore: new Date(monthCutoff),
    });
    expect(state(week.accountId)).to.deep.include({
      lastErased: 2,
      lastError: null,
      erasedBefore: new Date(weekCutoff),
    });
  });

  it('goes in batches from where the last run stopped: a second run scans nothing, the next day only a day', async () => {
    const fx = await account(30);
    const cutoff = retentionCutoff(now, 30);
    for (let i = 1; i <= 5; i += 1) await chat(fx, new Date(cutoff.getTime() - i * DAY));
    const nextDay = await chat(fx, new Date(cutoff.getTime() + DAY / 2));
    const calls: Array<{ from: unknown; cutoff: unknown; chats: number }> = [];
    // The erasing statement's parameters and answers: $2 = from, $3 = cutoff.
    const spied: SqlRunner = {
      async rows<T>(text: string, values: readonly unknown[]) {
        const rows = await t.sql.rows<T>(text, values);
        calls.push({ from: values[1], cutoff: values[2], chats: (rows[0] as { chats: number }).chats });
        return rows;
      },
    };
    let clock = now;
    const { useCase, requested } = sweep({ batch: 2, sql: spied, clock: () => clock });

    expect((await useCase.execute()).erasedChats).to.equal(5);
    expect(calls).to.deep.equal(
      [2, 2, 1, 0].map((chats) => ({ from: null, cutoff: cutoff.toISOString(), chats })),
      'batches of 2 until one finds nothing',
    );
    expect(await db.chat.count({ where: { personalDataErasure: 'retention' } })).to.equal(5);
    expect(
      (await db.retentionState.findUniqueOrThrow({ where: { accountId: fx.accountId } })).erasedBefore,
    ).to.deep.equal(cutoff);

    calls.length = 0;
    const again = await useCase.execute();
    expect(again.erasedChats).to.equal(0);
    expect(calls).to.deep.equal([{ from: cutoff.toISOString(), cutoff: cutoff.toISOString(), chats: 0 }]);
    expect(requested, 'nothing erased, no compaction').to.have.length(1);

    calls.length = 0;
    clock = new Date(now.getTime() + DAY);
    expect((await useCase.execute()).erasedChats).to.equal(1);
    expect(calls.map((c) => [c.from, c.chats])).to.deep.equal([
      [cutoff.toISOString(), 1],
      [cutoff.toISOString(), 0],
    ]);
    expect((await db.chat.findUniqueOrThrow({ where: { id: nextDay } })).personalDataErasedAt).to.deep.equal(clock);
  });

  it('keeps a chat an erasure on request took: its cause and time stay', async () => {
    const fx = await account(30);
    const id = await chat(fx, new Date(retentionCutoff(now, 30).getTime() - DAY));
    const requestedAt = new Date('2027-01-05T10:00:00.000Z');
    await db.chat.update({
      where: { id },
      data: { personalDataErasedAt: requestedAt, personalDataErasure: 'request', contactName: null },
    });
    expect((await sweep().useCase.execute()).erasedChats).to.equal(0);
    const stored = await db.chat.findUniqueOrThrow({ where: { id } });
    expect([stored.personalDataErasedAt, stored.personalDataErasure]).to.deep.equal([requestedAt, 'request']);
  });

  it('records a failed account’s error, keeps its mark, sweeps the others, then fails the job', async () => {
    const broken = await account(30);
    const fine = await account(30);
    const cutoff = retentionCutoff(now, 30);
    await chat(broken, new Date(cutoff.getTime() - DAY));
    const fineChat = await chat(fine, new Date(cutoff.getTime() - DAY));
    const earlier = new Date(cutoff.getTime() - 5 * DAY);
    await db.retentionState.create({ data: { accountId: broken.accountId, erasedBefore: earlier } });
    const failing: SqlRunner = {
      async rows<T>(text: string, values: readonly unknown[]) {
        if (values[0] === broken.accountId) throw new Error('canceling statement due to lock timeout');
        return t.sql.rows<T>(text, values);
      },
    };
    const { useCase, requested } = sweep({ sql: failing });
    const error = await useCase.execute().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(RetentionSweepError);
    expect((error as RetentionSweepError).failedAccounts).to.deep.equal([broken.accountId]);
    expect(requested, 'what was erased is still compacted').to.have.length(1);
    expect(await db.retentionState.findUniqueOrThrow({ where: { accountId: broken.accountId } })).to.deep.include({
      lastErased: 0,
      lastError: 'canceling statement due to lock timeout',
      erasedBefore: earlier,
    });
    expect((await db.chat.findUniqueOrThrow({ where: { id: fineChat } })).personalDataErasure).to.equal('retention');
  });

  describe('as a job of the personal-data queue', () => {
    const prefix = `t-${randomUUID().slice(0, 8)}`;
    const workerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
    const producerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
    const retryPolicy = { attempts: 1, baseDelayMs: 50, maxDelayMs: 100 };
    const scheduler = new PersonalDataScheduler(producerRedis, { prefix, retryPolicy });
    const log = createMemoryLogger('retention-test');
    let workers: JobWorkers;

    before(() => {
      workers = new JobWorkers(
        { retentionSweep: retentionSweepHandler(sweep().useCase) },
        { connection: workerRedis, prefix, retryPolicy, logger: log.logger, concurrency: {} },
      );
      workers.start();
    });
    after(async () => {
      await workers.close();
      await scheduler.queue.obliterate({ force: true }).catch(() => undefined);
      await scheduler.close();
      workerRedis.disconnect();
      producerRedis.disconnect();
    });

    it('runs on a tick now and logs counts only', async () => {
      const fx = await account(30);
      const id = await chat(fx, new Date(retentionCutoff(now, 30).getTime() - 1000));
      await scheduler.tick();
      const logged = await waitFor('the sweep logged', () =>
        log.lines.find((l) => l.message === 'retention sweep finished'),
      );
      expect(logged).to.deep.include({ accounts: 1, erasedChats: 1, erasedMessages: 2, compactionRequested: true });
      expect(JSON.stringify(log.lines)).not.to.match(/Ирина|79123456789|irina@|Здравствуйте/);
      expect((await db.chat.findUniqueOrThrow({ where: { id } })).contactPhone).to.equal(null);
    });

    it('is scheduled once a day, once however many workers start', async () => {
      await scheduler.scheduleTicks();
      await scheduler.scheduleTicks();
      const schedulers = await scheduler.queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.name, Number(s.every)])).to.deep.equal([
        [RETENTION_SWEEP.name, RETENTION_SWEEP_EVERY_MS],
      ]);
      expect(RETENTION_SWEEP_EVERY_MS).to.equal(DAY);
    });
  });
});

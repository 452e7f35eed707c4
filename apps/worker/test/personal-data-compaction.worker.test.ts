import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { upsertChat } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import {
  COMPACTION_WINDOW_MS,
  createRedisConnection,
  PersonalDataScheduler,
  type PersistenceRewrite,
} from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  requireEnv,
  waitFor,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { JobWorkers } from '../src/lifecycle/job-workers';
import { personalDataCompactionHandler } from '../src/personal-data-compaction/compaction.handler';
import { PersonalDataCompactionUseCase } from '../src/personal-data-compaction/compaction.usecase';

/** Every table an erasure writes NULLs into or deletes from (docs/personal-data.md). */
const TOUCHED = ['Chat', 'ChatMessage', 'VisitorSession', 'SessionLookup'];

// Issue #25: erased bytes must not stay in dead rows or in Redis's old files. The compaction job runs a
// real VACUUM of every touched table (outside a transaction: PostgreSQL refuses it inside one) and the
// Redis persistence rewrite (tested on its own Redis in packages/queue).
describe('personal data compaction (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const workerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  const producerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const retryPolicy = { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 };
  const scheduler = new PersonalDataScheduler(producerRedis, { prefix, retryPolicy });
  const log = createMemoryLogger('compaction-test');
  const rewrites: number[] = [];
  const rewriteAnswer: PersistenceRewrite = { aof: 'rewritten', rdb: 'off' };
  let workers: JobWorkers;

  /** How many times PostgreSQL has vacuumed each of the tables by hand (not autovacuum). */
  async function vacuumCounts(): Promise<Record<string, number>> {
    const rows = await t.sql.rows<{ relname: string; vacuum_count: string }>(
      `SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE relname = ANY($1::text[])`,
      [TOUCHED],
    );
    return Object.fromEntries(rows.map((r) => [r.relname, Number(r.vacuum_count)]));
  }

  before(async () => {
    t = await createTestDatabase('pd_compaction');
    const useCase = new PersonalDataCompactionUseCase({
      sql: t.sql,
      rewriteRedisPersistence: async () => {
        rewrites.push(Date.now());
        return rewriteAnswer;
      },
    });
    workers = new JobWorkers(
      { personalDataCompaction: personalDataCompactionHandler(useCase) },
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
    await t?.drop();
  });

  it('vacuums Chat, ChatMessage, VisitorSession and SessionLookup, then rewrites Redis persistence', async () => {
    const before = await vacuumCounts();
    expect(Object.keys(before).sort()).to.deep.equal([...TOUCHED].sort());
    const useCase = new PersonalDataCompactionUseCase({
      sql: t.sql,
      rewriteRedisPersistence: async () => ({ aof: 'off', rdb: 'saved' }),
    });
    const outcome = await useCase.execute();
    expect(Object.keys(outcome.vacuumMs)).to.deep.equal(TOUCHED);
    expect(outcome.redis).to.deep.equal({ aof: 'off', rdb: 'saved' });
    await waitFor('every table vacuumed once more', async () => {
      const after = await vacuumCounts();
      return TOUCHED.every((table) => after[table] === before[table]! + 1);
    });
  });

  it('cleans the indexes even when one person’s erasure left few dead rows: the phone leaves Chat’s indexes', async () => {
    // pageinspect reads the index pages as they are on disk (PostgreSQL's contrib, in Debian's package).
    await t.sql.rows('CREATE EXTENSION IF NOT EXISTS pageinspect', []);
    const phone = '+79167776655';
    const fx = await insertIntegration(t.db, new SecretBox(randomBytes(32).toString('base64')), 'app.33.key');
    const { chatId } = await upsertChat(t.db, chatRecordFixture(fx, 'erased', { contactPhone: phone }), [], null);
    // Other people's chats, enough pages that one page of dead rows is under VACUUM's 2% (its default
    // then skips the indexes): copies of the chat with their own phones and a long channel name.
    await t.sql.rows(
      `INSERT INTO "Chat"
       SELECT (jsonb_populate_record(c, jsonb_build_object('id', gen_random_uuid(), 'conversationId', 'other-' || g,
                'contactPhone', '+7900' || lpad(g::text, 7, '0'), 'channelRaw', repeat('x', 900)))).*
         FROM "Chat" c, generate_series(1, 1500) g WHERE c."id" = $1::uuid`,
      [chatId],
    );
    const [size] = await t.sql.rows<{ pages: number }>(`SELECT (pg_relation_size('"Chat"') / 8192)::int AS pages`, []);
    expect(size!.pages).to.be.greaterThan(100);
    /** Index entries of Chat's B-tree indexes whose bytes hold the phone. */
    const entriesWithPhone = async () => {
      const [row] = await t.sql.rows<{ n: number }>(
        // The B-tree indexes first, materialised: bt_page_items refuses any other kind (the GIN search
        // index), and the planner may otherwise call it before the join has left those out.
        `WITH btree AS MATERIALIZED (
           SELECT i.oid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_am am ON am.oid = i.relam AND am.amname = 'btree'
            WHERE x.indrelid = '"Chat"'::regclass)
         SELECT count(*)::int AS n
           FROM btree i,
                LATERAL generate_series(1, (pg_relation_size(i.oid) / 8192)::int - 1) b,
                LATERAL bt_page_items(i.oid::regclass::text, b) e
          WHERE replace(e.data, ' ', '') LIKE '%' || encode(convert_to($1, 'UTF8'), 'hex') || '%'`,
        [phone],
      );
      return row!.n;
    };
    expect(await entriesWithPhone()).to.equal(1);
    // What an erasure does to the chat (erasePersonalDataOfChats): the phone's index entry now points at a dead row.
    await t.db.chat.update({ where: { id: chatId }, data: { contactPhone: null } });
    expect(await entriesWithPhone()).to.equal(1);

    await new PersonalDataCompactionUseCase({
      sql: t.sql,
      rewriteRedisPersistence: async () => ({ aof: 'off', rdb: 'off' }),
    }).execute();
    expect(await entriesWithPhone()).to.equal(0);
  });

  it('runs as the job a requested compaction adds, and logs durations and Redis’s answer', async () => {
    // A clock 100 ms before a window's end: the job is due 100 ms from now.
    const window = 1_000_000;
    await scheduler.requestCompaction((window + 1) * COMPACTION_WINDOW_MS - 100);
    // A completed compaction leaves the queue at once (removeOnComplete): its log line is what remains.
    const logged = await waitFor('the compaction logged', () =>
      log.lines.find((l) => l.message === 'personal data compacted'),
    );
    expect(rewrites).to.have.length(1);
    expect(logged).to.deep.include({ window, aof: 'rewritten', rdb: 'off' });
    expect(Object.keys(logged.vacuumMs as object)).to.deep.equal(TOUCHED);
  });
});

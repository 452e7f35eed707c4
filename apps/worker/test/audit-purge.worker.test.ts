import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { recordAuditEvent, type Database } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { AUDIT_PURGE, AUDIT_PURGE_EVERY_MS, AuditPurgeScheduler, createRedisConnection } from '@carrot-bridge/queue';
import { createTestDatabase, requireEnv, seedAccount, waitFor, type TestDatabase } from '@carrot-bridge/test-support';
import { auditPurgeHandler } from '../src/audit-purge/audit-purge.handler';
import { AuditPurgeUseCase, auditLogKeptSince } from '../src/audit-purge/audit-purge.usecase';
import { JobWorkers } from '../src/lifecycle/job-workers';

// Issue #24 item 5: the audit log is kept a year; a daily job deletes what is older, in every account.
describe('audit log purge (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let db: Database;
  const now = new Date('2027-03-10T08:00:00Z');
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const workerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  const producerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const retryPolicy = { attempts: 1, baseDelayMs: 50, maxDelayMs: 100 };
  const scheduler = new AuditPurgeScheduler(producerRedis, { prefix, retryPolicy });
  const log = createMemoryLogger('audit-purge-test');
  let workers: JobWorkers;

  before(async () => {
    t = await createTestDatabase('audit_purge');
    db = t.db;
    workers = new JobWorkers(
      { auditPurge: auditPurgeHandler(new AuditPurgeUseCase(db, () => now)) },
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
    await t.drop();
  });

  it('keeps a year: the same calendar day and time a year before, in UTC', () => {
    expect(auditLogKeptSince(now).toISOString()).to.equal('2026-03-10T08:00:00.000Z');
    // 29 February has no twin a year before: the day after it is kept.
    expect(auditLogKeptSince(new Date('2028-02-29T12:00:00Z')).toISOString()).to.equal('2027-03-01T12:00:00.000Z');
  });

  it('removes only the events older than a year, in every account', async () => {
    const keptSince = auditLogKeptSince(now).getTime();
    const accounts = [await seedAccount(db), await seedAccount(db)];
    const ages: Array<[string, number]> = [
      ['year and a minute', keptSince - 60_000],
      ['two years', keptSince - 365 * 86_400_000],
      ['a minute short of a year', keptSince + 60_000],
      ['today', now.getTime() - 3_600_000],
    ];
    for (const accountId of accounts) {
      for (const [action, at] of ages) {
        await recordAuditEvent(db, {
          accountId,
          actorKind: 'operator',
          actorId: null,
          actorLabel: 'operator',
          action,
          at: new Date(at),
        });
      }
    }
    await scheduler.tick();
    await waitFor('the purge', async () => (await db.auditEvent.count()) === 4);
    const left = await db.auditEvent.findMany({ orderBy: [{ accountId: 'asc' }, { at: 'asc' }] });
    expect(left.map((e) => e.action)).to.deep.equal([
      'a minute short of a year',
      'today',
      'a minute short of a year',
      'today',
    ]);
    const logged = await waitFor('the purge logged', () => log.lines.find((l) => l.message === 'audit log purged'));
    expect(logged).to.deep.include({ removed: 4, keptSince: '2026-03-10T08:00:00.000Z' });
  });

  it('is scheduled once a day, once however many workers start', async () => {
    await scheduler.scheduleTicks();
    await scheduler.scheduleTicks();
    const schedulers = await scheduler.queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.name, Number(s.every)])).to.deep.equal([[AUDIT_PURGE.name, AUDIT_PURGE_EVERY_MS]]);
    expect(AUDIT_PURGE_EVERY_MS).to.equal(86_400_000);
  });
});

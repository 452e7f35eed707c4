// «Задачи» and the transcript's re-import / re-export over HTTP (issue #26): the integration's jobs with
// Russian reasons, «Повторить» one and all, who may, and another account's ids answered as unknown — on
// real PostgreSQL and Redis, with a worker that fails imports as the real one words its decisions.
import { expect } from 'chai';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Role } from '@carrot-bridge/domain';
import {
  CHAT_IMPORT,
  chatImportJobId,
  ChatExportScheduler,
  createRedisConnection,
  type ChatImportJobData,
} from '@carrot-bridge/queue';
import { insertIntegration, requireEnv, waitFor, type IntegrationFixture } from '@carrot-bridge/test-support';
import { createSession } from '../src/auth/session-store';
import { ConsoleHarness } from './console-harness';

const GIVE_UP = 'CarrotQuest rejected the API key: HTTP 401';

describe('jobs API: «Задачи», «Повторить», re-import and re-export (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  let exportScheduler: ChatExportScheduler;
  let A: IntegrationFixture;
  let B: IntegrationFixture;
  let chatA = '';
  let chatB = '';
  const cookieOf = new Map<Role, Record<string, string>>();

  async function call(as: Role | 'operator', method: string, path: string) {
    if (as === 'operator') return h.api(method, path);
    const response = await fetch(`${h.base}/api${path}`, { method, headers: { ...cookieOf.get(as) } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  const jobsOf = (fx: IntegrationFixture, suffix = '') =>
    `/accounts/${fx.accountId}/integrations/${fx.integrationId}/jobs${suffix}`;
  const importOf = (fx: IntegrationFixture, conversationId: string): ChatImportJobData => ({
    integrationId: fx.integrationId,
    conversationId,
    carrotUserId: null,
    eventId: `manual-${conversationId}`,
    receivedAt: new Date().toISOString(),
  });

  /** Runs the waiting imports once: each gives up as the worker does on a refused key. */
  async function failWaitingImports(failed: number): Promise<void> {
    const connection = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
    const worker = new Worker(
      CHAT_IMPORT.queue,
      async () => {
        throw new UnrecoverableError(GIVE_UP);
      },
      { connection, prefix: h.prefix },
    );
    await waitFor('the imports to fail', async () => (await h.producer.queue.getFailedCount()) === failed);
    await worker.close();
    connection.disconnect();
  }

  const auditOf = (action: string) => h.t.db.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } });

  before(async () => {
    exportScheduler = new ChatExportScheduler(h.redis, { prefix: h.prefix });
    await h.start('jobs-api', { jobs: { inspector: h.queues, producer: h.producer, exportScheduler } });
    A = await insertIntegration(h.t.db, h.secretBox, 'key-a', 'A');
    B = await insertIntegration(h.t.db, h.secretBox, 'key-b', 'B');
    const chat = (fx: IntegrationFixture, conversationId: string) =>
      h.t.db.chat.create({
        data: {
          accountId: fx.accountId,
          integrationId: fx.integrationId,
          conversationId,
          carrotUserId: '1',
          channel: 'widget',
          startedAt: new Date('2026-03-01T08:00:00Z'),
          attributionKind: 'default',
        },
      });
    chatA = (await chat(A, '5001')).id;
    chatB = (await chat(B, '6001')).id;
    for (const role of ['viewer', 'editor'] as const) {
      const person = await h.t.db.person.create({ data: { email: `${role}@a.example` } });
      await h.t.db.membership.create({ data: { personId: person.id, accountId: A.accountId, role } });
      const { token } = await createSession(h.t.db, { personId: person.id, method: 'password' });
      cookieOf.set(role, { cookie: `cb_session=${token}` });
    }
    await h.producer.enqueue(importOf(A, '101'));
    await h.producer.enqueue(importOf(A, '102'));
    await h.producer.enqueue(importOf(B, '201'));
    await failWaitingImports(3);
  });

  after(async () => {
    await exportScheduler.close();
    await h.stop();
  });

  it('lists the integration’s failed jobs with the kind and the reason in Russian, the original beside', async () => {
    const answer = await call('viewer', 'GET', jobsOf(A));
    expect(answer.status).to.equal(200);
    expect(answer.body.counts).to.deep.equal({ failed: 2, retrying: 0, waiting: 0 });
    expect(answer.body.jobs.map((job: { conversationId: string }) => job.conversationId).sort()).to.deep.equal([
      '101',
      '102',
    ]);
    expect(answer.body.jobs[0]).to.include({
      kind: 'chatImport',
      kindLabel: 'Загрузка чата',
      state: 'failed',
      reason: GIVE_UP,
      reasonText: 'CarrotQuest отклонил API-ключ: сохраните действующий ключ и повторите',
    });
  });

  it('a viewer may not retry nor re-import (403, in Russian); nothing is queued', async () => {
    const id = chatImportJobId(importOf(A, '101'));
    for (const path of [jobsOf(A, `/${id}/retry`), jobsOf(A, '/retry-failed')]) {
      const answer = await call('viewer', 'POST', path);
      expect(answer.status, path).to.equal(403);
      expect(answer.body.message).to.equal('Недостаточно прав для этого действия');
    }
    for (const action of ['reimport', 'reexport'])
      expect((await call('viewer', 'POST', `/accounts/${A.accountId}/chats/${chatA}/${action}`)).status).to.equal(403);
    expect(await h.producer.queue.getFailedCount()).to.equal(3);
    expect(await h.producer.queue.getWaitingCount()).to.equal(0);
  });

  it('a job of another integration or account is not found (404), and stays failed', async () => {
    const othersJob = chatImportJobId(importOf(B, '201'));
    expect((await call('editor', 'POST', jobsOf(A, `/${othersJob}/retry`))).status).to.equal(404);
    expect((await call('editor', 'POST', jobsOf(A, '/cq-no-such-job/retry'))).status).to.equal(404);
    // B's integration under A's account: the integration itself is unknown there.
    const crossed = `/accounts/${A.accountId}/integrations/${B.integrationId}/jobs`;
    expect((await call('editor', 'GET', crossed)).status).to.equal(404);
    expect((await call('editor', 'POST', `${crossed}/${othersJob}/retry`)).status).to.equal(404);
    expect((await call('editor', 'POST', `/accounts/${A.accountId}/chats/${chatB}/reimport`)).status).to.equal(404);
    expect(await (await h.producer.queue.getJob(othersJob))!.getState()).to.equal('failed');
  });

  it('«Повторить» puts one failed job back in the queue, audited as jobs.replayed; a waiting one is a 409', async () => {
    const id = chatImportJobId(importOf(A, '101'));
    const answer = await call('editor', 'POST', jobsOf(A, `/${id}/retry`));
    expect(answer.status).to.equal(200);
    expect(await (await h.producer.queue.getJob(id))!.getState()).to.equal('waiting');
    const again = await call('editor', 'POST', jobsOf(A, `/${id}/retry`));
    expect(again.status).to.equal(409);
    expect(again.body.message).to.equal('Задача не завершилась ошибкой: повторять нечего');
    const [event] = await auditOf('jobs.replayed');
    expect(event).to.include({ accountId: A.accountId, targetId: A.integrationId });
    expect(event!.details).to.deep.equal({ count: 1, jobId: id });
    const list = await call('viewer', 'GET', jobsOf(A));
    expect(list.body.counts).to.deep.equal({ failed: 1, retrying: 0, waiting: 1 });
  });

  it('«Повторить все» retries every failed job of the integration, none of another', async () => {
    const answer = await call('editor', 'POST', jobsOf(A, '/retry-failed'));
    expect(answer.body).to.deep.equal({ count: 1 });
    expect((await call('viewer', 'GET', jobsOf(A))).body.counts).to.deep.equal({ failed: 0, retrying: 0, waiting: 2 });
    expect(await (await h.producer.queue.getJob(chatImportJobId(importOf(B, '201'))))!.getState()).to.equal('failed');
    expect((await auditOf('jobs.replayed')).map((event) => event.details)).to.deep.include({ count: 1 });
  });

  it('«Загрузить заново» queues the import of the chat’s conversation (chat.reimported)', async () => {
    const answer = await call('editor', 'POST', `/accounts/${A.accountId}/chats/${chatA}/reimport`);
    expect(answer.status).to.equal(202);
    const job = await h.producer.queue.getJob(chatImportJobId({ integrationId: A.integrationId, ...answer.body }));
    expect(job?.data).to.include({ integrationId: A.integrationId, conversationId: '5001' });
    const [event] = await auditOf('chat.reimported');
    expect(event).to.include({ accountId: A.accountId, targetId: A.integrationId });
    expect(event!.details).to.deep.include({ chatId: chatA, conversationId: '5001' });
  });

  it('«Выгрузить заново» needs the export on; then the chat is pending and the export scheduled (chat.reexported)', async () => {
    const path = `/accounts/${A.accountId}/chats/${chatA}/reexport`;
    const off = await call('editor', 'POST', path);
    expect(off.status).to.equal(409);
    expect(off.body.message).to.equal('Выгрузка в CoMagic / UIS у этой интеграции не настроена');
    await h.t.db.carrotQuestIntegration.update({ where: { id: A.integrationId }, data: { exportBrand: 'comagic' } });
    await h.t.db.chat.update({ where: { id: chatA }, data: { exportStatus: 'failed', exportError: 'x' } });
    const answer = await call('editor', 'POST', path);
    expect(answer.status).to.equal(202);
    expect(await h.t.db.chat.findUniqueOrThrow({ where: { id: chatA } })).to.include({
      exportStatus: 'pending',
      exportError: null,
    });
    const exports = (await exportScheduler.queue.getDelayed()).filter(
      (job) => job.data.integrationId === A.integrationId,
    );
    expect(exports).to.have.length(1);
    const [event] = await auditOf('chat.reexported');
    expect(event).to.include({ accountId: A.accountId, targetId: chatA });
  });
});

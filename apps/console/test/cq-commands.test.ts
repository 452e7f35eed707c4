import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { UnrecoverableError, Worker } from 'bullmq';
import { createRedisConnection } from '@carrot-bridge/queue';
import { requireEnv, seedAccountCatalog, waitFor, type AccountCatalog } from '@carrot-bridge/test-support';
import {
  reimportConversation,
  replayFailed,
  rotateWebhookKey,
  integrationStatus,
  type CqDeps,
} from '../src/cli/cq-commands';
import { cliAuditContext } from '../src/audit/audit-log';
import { IntegrationService } from '../src/integrations/integration.service';
import { ConsoleHarness } from './console-harness';

describe('pnpm cq commands (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  let catalog: AccountCatalog;
  let deps: CqDeps;
  let integrationId: string;

  before(async () => {
    await h.start('cq');
    h.fake.addApp('key-1234');
    catalog = await seedAccountCatalog(h.t.db);
    const created = await h.api('POST', `/accounts/${catalog.accountId}/integrations`, {
      name: 'cq',
      apiKey: 'key-1234',
      ...catalog.sourceTrafficDefaults(),
    });
    integrationId = created.body.id;
    deps = {
      db: h.t.db,
      producer: h.producer,
      queues: h.queues,
      audit: h.audit,
      by: cliAuditContext(),
      integrations: new IntegrationService({
        db: h.t.db,
        audit: h.audit,
        secretBox: h.secretBox,
        directory: h.directory,
        producer: h.producer,
        queues: h.queues,
        publicBaseUrl: 'https://hooks.example.com',
        carrotQuestBaseUrl: h.fake.baseUrl,
        carrotQuestTimeoutMs: 1000,
      }),
    };
  });
  after(() => h.stop());

  it('re-imports a conversation as a new job, and replays the integration’s failed jobs only', async () => {
    const eventId = await reimportConversation(deps, integrationId, '27364519', new Date(1_800_000_000_000));
    expect(eventId).to.equal('manual-1800000000000');
    const otherIntegration = randomUUID();
    await h.producer.enqueue({
      integrationId: otherIntegration,
      conversationId: '1',
      carrotUserId: null,
      eventId: '1',
      receivedAt: new Date().toISOString(),
    });

    // A worker that fails everything, to fill the failed set.
    const connection = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
    const failing = new Worker(
      'chat-import',
      async () => {
        throw new UnrecoverableError('simulated');
      },
      { connection, prefix: h.prefix },
    );
    await waitFor('both jobs to fail', async () => (await h.producer.queue.getFailedCount()) === 2);
    await failing.close();
    connection.disconnect();

    expect(await replayFailed(deps, integrationId)).to.equal(1);
    const waiting = await h.producer.queue.getJobs(['waiting']);
    expect(waiting.map((j) => j.data.integrationId)).to.deep.equal([integrationId]);
    expect(await h.producer.queue.getFailedCount()).to.equal(1);
  });

  it('rotates the webhook key and reports status', async () => {
    const before = (await h.api('GET', `/accounts/${catalog.accountId}/integrations/${integrationId}`)).body.webhookUrl;
    expect(await rotateWebhookKey(deps, integrationId)).to.not.equal(before);
    const status = await integrationStatus(deps, integrationId);
    expect(status.key.status).to.equal('valid');
  });

  it("reports the export: counts, last success, why it stopped, the last refused chat and the account's zone, in Russian", async () => {
    const token = 'data-api-token-0001';
    const saved = await h.api('PUT', `/accounts/${catalog.accountId}/integrations/${integrationId}`, {
      name: 'cq',
      active: true,
      ...catalog.sourceTrafficDefaults(),
      exportBrand: 'comagic',
      exportToken: token,
    });
    expect(saved.status).to.equal(200);
    const exportedAt = new Date('2026-11-20T10:00:00Z');
    const chat = (conversationId: string, over: Record<string, unknown>) =>
      h.t.db.chat.create({
        data: {
          accountId: catalog.accountId,
          integrationId,
          conversationId,
          carrotUserId: '1',
          channel: 'widget',
          startedAt: exportedAt,
          attributionKind: 'default',
          sourceId: catalog.sourceId,
          siteId: catalog.siteId,
          ...over,
        },
      });
    await chat('c-1', { exportStatus: 'exported', exportRemoteId: '900001', exportedAt });
    await chat('c-2', {
      exportStatus: 'failed',
      exportError:
        'CoMagic не принял чат: неверное значение — телефон посетителя (invalid_parameter_value, -32602, chats.0.phone)',
    });
    await chat('c-3', { exportStatus: 'pending' });
    await h.t.db.carrotQuestIntegration.update({
      where: { id: integrationId },
      data: {
        exportError: 'CoMagic не узнал токен Data API (access_token_invalid, -32001)',
        exportTimeZone: 'Europe/Moscow',
        exportTimeZoneError:
          'CoMagic не дал прочитать часовой пояс аккаунта (get.account: forbidden (-32003)): время чатов передаётся по Москве',
      },
    });
    const status = await integrationStatus(deps, integrationId);
    expect(status.export).to.deep.include({ brand: 'comagic', lastExportedAt: exportedAt, timeZone: 'Europe/Moscow' });
    expect(status.export!.chats).to.deep.equal({ pending: 1, exported: 1, failed: 1, not_exportable: 0 });
    expect(status.export!.stoppedBecause).to.match(/^CoMagic не узнал токен/);
    expect(status.export!.lastChatRefusal).to.deep.include({ conversationId: 'c-2' });
    expect(status.export!.lastChatRefusal!.reason).to.match(
      /^CoMagic не принял чат: неверное значение — телефон посетителя/,
    );
    expect(status.export!.timeZoneAssumedBecause).to.match(/по Москве$/);
  });

  it('pnpm cq status prints outside text (a failure reason) with its control and bidi characters escaped', async () => {
    const hostile = 'CoMagic: \x1b]52;c;cHduZWQ=\x07 \u009b2J \u202eevil\u2066 \x7f end';
    await h.t.db.carrotQuestIntegration.update({ where: { id: integrationId }, data: { exportError: hostile } });
    const cli = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'apps/console/src/cli/cq.ts', 'status', '--integration', integrationId],
        {
          cwd: fileURLToPath(new URL('../../../', import.meta.url)),
          env: {
            PATH: process.env.PATH ?? '',
            CARROT_BRIDGE_ENV_FILE: 'none',
            REDIS_URL: requireEnv('REDIS_URL'),
            DATABASE_URL: h.t.url,
            SECRETS_KEY: h.secretsKey,
            QUEUE_PREFIX: h.prefix,
          },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(cli.code, cli.stderr).to.equal(0);
    // The three chats the test above stored, each its own conversation's only question: they started on
    // 2026-11-20 (not today, not this week by the start) and were imported today.
    expect(cli.stdout.split('\n')).to.include(
      'questions (chats) started: today 0, last 7 days 0; conversations: today 0, last 7 days 0; imported today: 3',
    );
    const unsafe = ['\x1b', '\x07', '\x7f', '\u009b', '\u202e', '\u2066'];
    expect(unsafe.filter((c) => cli.stdout.includes(c)).map((c) => JSON.stringify(c))).to.deep.equal([]);
    // The JSON part still reads back as what was stored.
    const json = JSON.parse(cli.stdout.slice(cli.stdout.indexOf('\n{') + 1)) as { export: { stoppedBecause: string } };
    expect(json.export.stoppedBecause).to.equal(hostile);
  });

  it('refuses an unknown integration', async () => {
    const error = await replayFailed(deps, randomUUID()).catch((e: unknown) => e);
    expect(String(error)).to.match(/Интеграция не найдена/);
  });
});

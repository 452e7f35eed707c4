import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { markChatForExport, recordSeenOperators, setOperatorEmployee, upsertChat } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import { CHAT_EXPORT, ChatExportScheduler, createRedisConnection } from '@carrot-bridge/queue';
import { SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  requireEnv,
  waitFor,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { chatExportHandler } from '../src/export/chat-export.handler';
import { ExportChatsUseCase } from '../src/export/export-chats.usecase';
import { JobWorkers } from '../src/lifecycle/job-workers';

// Issue #23 «Сотрудники» in the export: two CarrotQuest operators mapped to two employees answer in one
// chat, and the Data API (the fake, over HTTP) receives each operator message with its own author's
// employee_id; an unmapped operator's message goes as the chat's employee, and with none, the default.
describe("export: each operator message's employee_id from its author's mapping (real Redis, PostgreSQL, fake Data API)", function () {
  this.timeout(60_000);
  const dataApi = new FakeDataApi();
  const secretBox = new SecretBox(randomBytes(32).toString('base64'));
  const prefix = `op-${randomUUID().slice(0, 8)}`;
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  const schedulerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const retryPolicy = { attempts: 2, baseDelayMs: 20, maxDelayMs: 50 };
  const scheduler = new ChatExportScheduler(schedulerRedis, { prefix, retryPolicy });
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let worker: JobWorkers;
  const employee = { anna: '', boris: '' };
  let conversation = 0;

  before(async () => {
    t = await createTestDatabase('operator_export');
    fx = await insertIntegration(t.db, secretBox, 'app.1.key', 'Operators', {
      sites: [{ domain: 'shop.example.ru', comagicId: 7 }],
      sources: [{ name: 'Direct', comagicId: 101 }],
      employees: [
        { name: 'Алексей (по умолчанию)', comagicId: 55 },
        { name: 'Анна', comagicId: 61 },
        { name: 'Борис', comagicId: 62 },
      ],
    });
    const rows = await t.db.employee.findMany({ where: { accountId: fx.accountId }, orderBy: { comagicId: 'asc' } });
    employee.anna = rows[1]!.id;
    employee.boris = rows[2]!.id;

    await recordSeenOperators(t.sql, {
      accountId: fx.accountId,
      integrationId: fx.integrationId,
      operators: [
        { carrotAdminId: '101', name: 'Анна', type: 'admin' },
        { carrotAdminId: '102', name: 'Борис', type: 'admin' },
        { carrotAdminId: '999', name: 'Стажёр', type: 'admin' },
      ],
    });
    for (const [carrotAdminId, employeeId] of [
      ['101', employee.anna],
      ['102', employee.boris],
    ] as const) {
      const { id } = await t.db.carrotQuestOperator.findFirstOrThrow({
        where: { integrationId: fx.integrationId, carrotAdminId },
      });
      expect((await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, id, employeeId)).status).to.equal(
        'saved',
      );
    }

    dataApi.addToken('token-ok', {});
    await dataApi.start();
    await t.db.carrotQuestIntegration.update({
      where: { id: fx.integrationId },
      data: {
        exportBrand: 'comagic',
        exportTokenCiphertext: secretBox.encrypt(
          'token-ok',
          integrationSecretContext(fx.integrationId, 'export-token'),
        ),
        exportTokenLast4: 'n-ok',
      },
    });
    const { logger } = createMemoryLogger('operator-export-test');
    const useCase = new ExportChatsUseCase({
      db: t.db,
      secretBox,
      dataApiUrls: { comagic: dataApi.url, uis: dataApi.url },
      timeoutMs: 2_000,
    });
    worker = new JobWorkers(
      { chatExport: chatExportHandler(useCase) },
      { connection: redis, prefix, concurrency: { [CHAT_EXPORT.queue]: 1 }, retryPolicy, logger },
    );
    worker.start();
  });

  after(async () => {
    await worker?.close();
    await scheduler.close();
    redis.disconnect();
    schedulerRedis.disconnect();
    await dataApi.stop();
    await t?.drop();
  });

  /** A question answered by operators 101 (Анна), 102 (Борис), 999 (unmapped) and an author without an id. */
  async function answeredChat(chatEmployeeId: string | null): Promise<string> {
    conversation += 1;
    const started = new Date(Date.now() - 3_600_000);
    const at = (seconds: number) => new Date(started.getTime() + seconds * 1000);
    const operator = (partId: string, seconds: number, operatorId: string | null, text: string) => ({
      partId,
      sentAt: at(seconds),
      author: 'operator' as const,
      partType: 'reply_admin',
      operatorName: text,
      operatorId,
      text,
    });
    const { chatId } = await upsertChat(
      t.db,
      chatRecordFixture(fx, String(conversation), { startedAt: started, employeeId: chatEmployeeId }),
      [
        {
          partId: '1',
          sentAt: at(5),
          author: 'visitor',
          partType: 'reply_user',
          operatorName: null,
          operatorId: null,
          text: 'Здравствуйте',
        },
        operator('2', 30, '101', 'Анна отвечает'),
        operator('3', 60, '102', 'Борис подключился'),
        operator('4', 90, '999', 'Стажёр без сопоставления'),
        operator('5', 120, null, 'Автор без id'),
      ],
      null,
    );
    await markChatForExport(t.db, chatId);
    return chatId;
  }

  const exportNow = async () => {
    await scheduler.schedule(fx.integrationId);
    await waitFor(
      'no pending export',
      async () => (await t.db.chat.count({ where: { exportStatus: 'pending' } })) === 0,
      20_000,
      50,
    );
  };
  const sentEmployees = (chatId: string) => {
    const uploaded = dataApi.chats.get(chatId);
    expect(uploaded, `chat ${chatId} uploaded`).to.not.equal(undefined);
    const messages = (uploaded!.chat as { messages: Array<{ source: string; employee_id?: number; message: string }> })
      .messages;
    return messages.map((m) => [m.source, m.employee_id ?? null, m.message]);
  };

  it("sends each operator message as its author's employee, the unmapped ones as the chat's employee", async () => {
    const chatId = await answeredChat(employee.anna);
    await exportNow();
    expect((await t.db.chat.findUniqueOrThrow({ where: { id: chatId } })).exportStatus).to.equal('exported');
    expect(sentEmployees(chatId)).to.deep.equal([
      ['visitor', null, 'Здравствуйте'],
      ['operator', 61, 'Анна отвечает'],
      ['operator', 62, 'Борис подключился'],
      ['operator', 61, 'Стажёр без сопоставления'],
      ['operator', 61, 'Автор без id'],
    ]);
  });

  it('sends the unmapped ones as the default employee when the chat has no employee', async () => {
    const chatId = await answeredChat(null);
    await exportNow();
    expect(sentEmployees(chatId).map(([, id]) => id)).to.deep.equal([null, 61, 62, 55, 55]);
  });
});

// Builds a real pipeline for worker tests: a scratch PostgreSQL database with a small catalog, real
// Redis under a unique prefix, the fake CarrotQuest over HTTP, and the worker with tiny retry timings.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { BatchedChatStore, type Prisma } from '@carrot-bridge/db';
import { createMemoryLogger } from '@carrot-bridge/logging';
import {
  CHAT_IMPORT,
  ChatImportProducer,
  createRedisConnection,
  type ChatImportJobData,
  chatImportJobId,
} from '@carrot-bridge/queue';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  integrationRow,
  requireEnv,
  seedAccount,
  seedAccountCatalog,
  waitFor,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { chatImportHandler } from '../src/import/chat-import.handler';
import { ImportChatUseCase, type ImportChatDeps } from '../src/import/import-chat.usecase';
import { CachedOperatorDirectory } from '../src/import/operator-directory';
import { JobWorkers, type JobHandlerMap } from '../src/lifecycle/job-workers';

/** What a suite adds to the import-only worker: more of the import's deps, more kinds of jobs. */
export interface WorkerHarnessExtras {
  /** Called once the scratch database exists (this.t). */
  importDeps?: () => Pick<ImportChatDeps, 'exportScheduler' | 'sessionLookups' | 'operators'>;
  handlers?: () => Partial<JobHandlerMap>;
  /** Jobs at once per queue (the import's is 20). */
  concurrency?: Record<string, number>;
}

export const IDS = {
  account: randomUUID(),
  otherAccount: randomUUID(),
  site: randomUUID(),
  campaignDefault: randomUUID(),
  campaignYandex: randomUUID(),
  campaignWhatsapp: randomUUID(),
  sourceDefault: randomUUID(),
  sourceYandex: randomUUID(),
  sourceTelegram: randomUUID(),
  employee: randomUUID(),
  tag: randomUUID(),
  session: randomUUID(),
  oldSession: randomUUID(),
};

export const SESSION_EXTERNAL_ID = '4411928373';
export const OLD_SESSION_EXTERNAL_ID = '4411920000';

export class WorkerHarness {
  t!: TestDatabase;
  readonly fake = new FakeCarrotQuest({ maxPartsPerPage: 4 });
  readonly secretBox = new SecretBox(randomBytes(32).toString('base64'));
  readonly prefix = `t-${randomUUID().slice(0, 8)}`;
  readonly redis = createRedisConnection(requireEnv('REDIS_URL'), 'worker');
  readonly producerRedis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  readonly producer = new ChatImportProducer(this.producerRedis, {
    prefix: this.prefix,
    retryPolicy: { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
  });
  logLines: Record<string, unknown>[] = [];
  useCase!: ImportChatUseCase;
  worker!: JobWorkers;

  async start(extras: WorkerHarnessExtras = {}): Promise<void> {
    this.t = await createTestDatabase('worker');
    await this.fake.start();
    await seedCatalog(this.t);
    const { logger, lines } = createMemoryLogger('worker-test');
    this.logLines = lines;
    this.useCase = new ImportChatUseCase({
      db: this.t.db,
      chats: new BatchedChatStore(this.t.sql),
      secretBox: this.secretBox,
      carrotQuestBaseUrl: this.fake.baseUrl,
      carrotQuestTimeoutMs: 2_000,
      // Read every time: a test's mapping change applies to the next import.
      operators: new CachedOperatorDirectory(this.t.sql, { mappingTtlMs: 0, recordEveryMs: 0 }),
      ...extras.importDeps?.(),
    });
    this.worker = new JobWorkers(
      { chatImport: chatImportHandler(this.useCase, 5), ...extras.handlers?.() },
      {
        connection: this.redis,
        prefix: this.prefix,
        concurrency: { [CHAT_IMPORT.queue]: 20, ...extras.concurrency },
        retryPolicy: { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
        logger,
      },
    );
    this.worker.start();
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.producer.queue.obliterate({ force: true }).catch(() => undefined);
    await this.producer.close();
    this.redis.disconnect();
    this.producerRedis.disconnect();
    await this.fake.stop();
    await this.t?.drop();
  }

  /** An integration whose API key is `apiKey`, source traffic type unless overridden. */
  async createIntegration(
    apiKey: string,
    over: Partial<Prisma.CarrotQuestIntegrationUncheckedCreateInput> = {},
    mappings: Array<{
      messenger: 'telegram' | 'whatsapp' | 'vk';
      campaignId?: string;
      sourceId?: string;
      siteId?: string;
    }> = [],
  ) {
    const { data, webhookKey } = integrationRow(
      this.secretBox,
      { accountId: IDS.account, apiKey },
      {
        name: 'Тест',
        trafficType: 'source',
        defaultSourceId: IDS.sourceDefault,
        defaultSiteId: IDS.site,
        defaultEmployeeId: IDS.employee,
        apiBaseUrl: this.fake.baseUrl,
        ...over,
      },
    );
    const id = data.id!;
    const integration = await this.t.db.carrotQuestIntegration.create({ data });
    for (const m of mappings) {
      await this.t.db.messengerMapping.create({
        data: {
          integrationId: id,
          accountId: IDS.account,
          messenger: m.messenger,
          campaignId: m.campaignId ?? null,
          sourceId: m.sourceId ?? null,
          siteId: m.siteId ?? null,
        },
      });
    }
    this.fake.addApp(apiKey);
    return { ...integration, webhookKey };
  }

  jobData(integrationId: string, conversationId: string, over: Partial<ChatImportJobData> = {}): ChatImportJobData {
    return {
      integrationId,
      conversationId,
      carrotUserId: null,
      eventId: randomBytes(6).toString('hex'),
      receivedAt: new Date().toISOString(),
      ...over,
    };
  }

  /** Enqueues through the real producer and waits until the job is completed or failed for good. */
  async run(data: ChatImportJobData, timeoutMs = 10_000): Promise<Job> {
    await this.producer.enqueue(data);
    return this.waitForJob(chatImportJobId(data), timeoutMs);
  }

  async waitForJob(jobId: string, timeoutMs = 10_000): Promise<Job> {
    return waitFor(
      `job ${jobId} to finish`,
      async () => {
        // State first, then the job: a job read before it finished would carry stale fields.
        const state = await this.producer.queue.getJobState(jobId);
        if (state !== 'completed' && state !== 'failed') return undefined;
        return (await this.producer.queue.getJob(jobId)) ?? undefined;
      },
      timeoutMs,
    );
  }

  /** The conversation's first question (a single-question conversation's only chat). */
  async chat(integrationId: string, conversationId: string) {
    return (await this.chats(integrationId, conversationId))[0] ?? null;
  }

  /** Every chat (question) of a conversation, oldest question first. */
  async chats(integrationId: string, conversationId: string) {
    return this.t.db.chat.findMany({
      where: { integrationId, conversationId },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      include: { messages: { orderBy: { sentAt: 'asc' } }, tags: true },
    });
  }
}

/** The standard account with two more campaigns and sources, another account, and two visitor sessions. */
async function seedCatalog(t: TestDatabase): Promise<void> {
  const db = t.db;
  await seedAccountCatalog(db, {
    id: IDS.account,
    sites: [{ id: IDS.site, domain: 'shop.example.ru', systemCampaignId: IDS.campaignDefault }],
    campaigns: [
      { id: IDS.campaignYandex, name: 'Яндекс.Директ' },
      { id: IDS.campaignWhatsapp, name: 'WhatsApp' },
    ],
    sources: [
      { id: IDS.sourceDefault, name: 'Direct' },
      { id: IDS.sourceYandex, name: 'Яндекс.Директ', group: 'Контекст', channel: 'Платный' },
      { id: IDS.sourceTelegram, name: 'Telegram', group: 'Мессенджеры' },
    ],
    employees: [{ id: IDS.employee, name: 'Алексей' }],
    tags: [{ id: IDS.tag, name: 'CarrotQuest' }],
  });
  await seedAccount(db, { id: IDS.otherAccount, name: 'Чужой аккаунт' });
  await db.visitorSession.createMany({
    data: [
      {
        id: IDS.session,
        accountId: IDS.account,
        externalId: SESSION_EXTERNAL_ID,
        siteId: IDS.site,
        startedAt: new Date(Date.now() - 3 * 60 * 60 * 1000),
        campaignId: IDS.campaignYandex,
        sourceId: IDS.sourceYandex,
        utmSource: 'yandex',
        utmMedium: 'cpc',
        utmCampaign: 'brand',
      },
      {
        id: IDS.oldSession,
        accountId: IDS.account,
        externalId: OLD_SESSION_EXTERNAL_ID,
        siteId: IDS.site,
        startedAt: new Date(Date.now() - 200 * 24 * 60 * 60 * 1000),
        sourceId: IDS.sourceYandex,
      },
    ],
  });
}

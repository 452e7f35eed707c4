import { CarrotQuestClient, CarrotQuestError, CarrotQuestErrorCode, type CqChannel } from '@carrot-bridge/carrotquest';
import { exportStatusSummary, setIntegrationKeyStatus, type Database } from '@carrot-bridge/db';
import { buildCarrotQuestScript, normaliseIntegrationTargets, validateIntegrationSettings, type AccountCatalog, type FieldError } from '@carrot-bridge/domain';
import type { ChatImportProducer, WebhookDirectory } from '@carrot-bridge/queue';
import { generateWebhookKey, hashSecret, lastFour, maskSecret, type SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';
import { ApiError, ApiErrorCode, notFound } from '../api/api-error';
import { toDirectoryEntry } from '../webhook-directory-sync';
import type { IntegrationInput } from './integration-input';

export interface IntegrationServiceDeps {
  db: Database;
  secretBox: SecretBox;
  directory: WebhookDirectory;
  producer: Pick<ChatImportProducer, 'queue' | 'lastWebhookAt'>;
  publicBaseUrl: string;
  carrotQuestBaseUrl: string;
  carrotQuestTimeoutMs: number;
  /** Whether integrations may set their own CarrotQuest API base (see ALLOW_API_BASE_URL_OVERRIDE). */
  allowApiBaseUrlOverride?: boolean;
  /** Re-sends an integration's pending chats to the Data API after its export settings are saved. */
  exportScheduler?: { schedule(integrationId: string): Promise<void> };
}

export interface KeyCheck {
  /** `unchecked`: CarrotQuest could not be asked (down, slow, rate limit); the key may well be good. */
  status: 'valid' | 'invalid' | 'unchecked';
  error: string | null;
  channels: Array<{ id: string; name: string | null; type: string }>;
}

const WITH_MAPPINGS = { mappings: { select: { messenger: true, campaignId: true, sourceId: true, siteId: true }, orderBy: { messenger: 'asc' as const } } };
type IntegrationRow = NonNullable<Awaited<ReturnType<Database['carrotQuestIntegration']['findFirst']>>> & { mappings: Array<{ messenger: string; campaignId: string | null; sourceId: string | null; siteId: string | null }> };

/** Export needs a Data API token: given now, or stored earlier. */
function requireExportToken(input: IntegrationInput, stored: boolean): void {
  if (input.exportBrand && !input.exportToken && !stored) {
    throw new ApiError(ApiErrorCode.Invalid, 'Validation failed', [{ field: 'exportToken', message: 'Укажите токен Data API для выгрузки' }]);
  }
}

/** Mapping rows of the chosen traffic type only. */
function mappingRows(accountId: string, integrationId: string, input: IntegrationInput) {
  return normaliseIntegrationTargets(input).mappings.map((m) => ({ ...m, accountId, integrationId }));
}

/**
 * The integration's life cycle as the settings page sees it. Every write is one transaction and is
 * published to the webhook directory right after, so ingress learns of it at once.
 */
export class IntegrationService {
  constructor(private readonly deps: IntegrationServiceDeps) {}

  async list(accountId: string) {
    const rows = await this.deps.db.carrotQuestIntegration.findMany({ where: { accountId, deletedAt: null }, include: WITH_MAPPINGS, orderBy: { createdAt: 'asc' } });
    return rows.map((row) => this.present(row));
  }

  async get(accountId: string, id: string) {
    return this.present(await this.find(accountId, id));
  }

  async create(accountId: string, input: IntegrationInput) {
    if (!input.apiKey) throw new ApiError(ApiErrorCode.Invalid, 'Validation failed', [{ field: 'apiKey', message: 'Обязательное поле' }]);
    await this.validate(accountId, input);
    requireExportToken(input, false);
    const id = crypto.randomUUID();
    const webhookKey = generateWebhookKey();
    const check = await this.checkKeyValue(input.apiKey, input.apiBaseUrl);
    const { secretBox } = this.deps;
    const row = await this.deps.db.$transaction(async (tx) => {
      await tx.carrotQuestIntegration.create({
        data: {
          id,
          accountId,
          ...this.settingsData(input),
          apiKeyCiphertext: secretBox.encrypt(input.apiKey!, integrationSecretContext(id, 'api-key')),
          apiKeyLast4: lastFour(input.apiKey!),
          webhookTokenCiphertext: input.webhookToken ? secretBox.encrypt(input.webhookToken, integrationSecretContext(id, 'webhook-token')) : null,
          ...this.exportTokenData(id, input.exportToken),
          webhookKeyHash: hashSecret(webhookKey),
          webhookKeyCiphertext: secretBox.encrypt(webhookKey, integrationSecretContext(id, 'webhook-key')),
          keyStatus: check.status,
          keyError: check.error,
          keyCheckedAt: new Date(),
        },
      });
      await tx.messengerMapping.createMany({ data: mappingRows(accountId, id, input) });
      return tx.carrotQuestIntegration.findUniqueOrThrow({ where: { id }, include: WITH_MAPPINGS });
    });
    await this.publish(row);
    return { ...this.present(row), keyCheck: check };
  }

  async update(accountId: string, id: string, input: IntegrationInput) {
    const existing = await this.find(accountId, id);
    await this.validate(accountId, input);
    requireExportToken(input, existing.exportTokenCiphertext !== null);
    const { secretBox } = this.deps;
    const newKey = input.apiKey ? input.apiKey : null;
    const check = newKey ? await this.checkKeyValue(newKey, input.apiBaseUrl) : null;
    const row = await this.deps.db.$transaction(async (tx) => {
      await tx.messengerMapping.deleteMany({ where: { integrationId: id } });
      await tx.messengerMapping.createMany({ data: mappingRows(accountId, id, input) });
      return tx.carrotQuestIntegration.update({
        where: { id: existing.id },
        data: {
          ...this.settingsData(input),
          ...(newKey && check
            ? { apiKeyCiphertext: secretBox.encrypt(newKey, integrationSecretContext(id, 'api-key')), apiKeyLast4: lastFour(newKey), keyStatus: check.status, keyError: check.error, keyCheckedAt: new Date() }
            : {}),
          ...(input.webhookToken === null ? { webhookTokenCiphertext: null } : input.webhookToken ? { webhookTokenCiphertext: secretBox.encrypt(input.webhookToken, integrationSecretContext(id, 'webhook-token')) } : {}),
          ...this.exportTokenData(id, input.exportToken),
        },
        include: WITH_MAPPINGS,
      });
    });
    await this.publish(row);
    // Chats left pending by a refused token or a missing CoMagic id go out after the fix is saved.
    if (row.exportBrand && row.exportTokenCiphertext) await this.deps.exportScheduler?.schedule(row.id).catch(() => undefined);
    return { ...this.present(row), ...(check ? { keyCheck: check } : {}) };
  }

  async setActive(accountId: string, id: string, active: boolean) {
    await this.find(accountId, id);
    const row = await this.deps.db.carrotQuestIntegration.update({ where: { id }, data: { active }, include: WITH_MAPPINGS });
    await this.publish(row);
    return this.present(row);
  }

  /** A new webhook URL; the old one stops working at once. */
  async rotateWebhookKey(accountId: string, id: string) {
    const existing = await this.find(accountId, id);
    const webhookKey = generateWebhookKey();
    const row = await this.deps.db.carrotQuestIntegration.update({
      where: { id },
      data: { webhookKeyHash: hashSecret(webhookKey), webhookKeyCiphertext: this.deps.secretBox.encrypt(webhookKey, integrationSecretContext(id, 'webhook-key')) },
      include: WITH_MAPPINGS,
    });
    await this.deps.directory.revoke(existing.webhookKeyHash);
    await this.publish(row);
    return this.present(row);
  }

  /** Soft delete: the URL is revoked, imported chats stay. */
  async remove(accountId: string, id: string): Promise<void> {
    const existing = await this.find(accountId, id);
    await this.deps.db.carrotQuestIntegration.update({ where: { id }, data: { deletedAt: new Date(), active: false } });
    await this.deps.directory.revoke(existing.webhookKeyHash);
  }

  /** Checks the stored key (or `apiKey` when given) against CarrotQuest and records the result. */
  async checkKey(accountId: string, id: string, apiKey?: string): Promise<KeyCheck> {
    const existing = await this.find(accountId, id);
    const key = apiKey || this.deps.secretBox.decrypt(existing.apiKeyCiphertext, integrationSecretContext(existing.id, 'api-key'));
    const check = await this.checkKeyValue(key, existing.apiBaseUrl);
    // An unanswered check says nothing about the key: the last verdict stands.
    if (!apiKey && check.status !== 'unchecked') await setIntegrationKeyStatus(this.deps.db, id, check.status, check.error);
    return check;
  }

  /** A CarrotQuest client with the integration's stored key (backfill); the key never leaves it. */
  async carrotQuestClient(accountId: string, id: string): Promise<CarrotQuestClient> {
    const existing = await this.find(accountId, id);
    const apiKey = this.deps.secretBox.decrypt(existing.apiKeyCiphertext, integrationSecretContext(existing.id, 'api-key'));
    return new CarrotQuestClient({ baseUrl: existing.apiBaseUrl ?? this.deps.carrotQuestBaseUrl, apiKey, timeoutMs: this.deps.carrotQuestTimeoutMs });
  }

  async checkKeyValue(apiKey: string, baseUrl?: string | null): Promise<KeyCheck> {
    const client = new CarrotQuestClient({ baseUrl: baseUrl ?? this.deps.carrotQuestBaseUrl, apiKey, timeoutMs: this.deps.carrotQuestTimeoutMs });
    try {
      const channels: CqChannel[] = await client.getChannels();
      return { status: 'valid', error: null, channels: channels.map((c) => ({ id: String(c.id), name: c.name ?? null, type: c.type })) };
    } catch (error) {
      if (!(error instanceof CarrotQuestError)) throw error;
      // Only CarrotQuest saying no condemns a key; an unreachable API must not stop chats being imported.
      if (error.code === CarrotQuestErrorCode.Unauthorized || error.code === CarrotQuestErrorCode.Forbidden) return { status: 'invalid', error: error.message, channels: [] };
      return { status: 'unchecked', error: `could not be checked: ${error.message}`, channels: [] };
    }
  }

  async status(accountId: string, id: string) {
    const integration = await this.find(accountId, id);
    const now = Date.now();
    const startOfDay = new Date(now);
    startOfDay.setUTCHours(0, 0, 0, 0);
    const [today, week, lastWebhookAt, failed, waiting, exportSummary] = await Promise.all([
      this.deps.db.chat.count({ where: { integrationId: id, createdAt: { gte: startOfDay } } }),
      this.deps.db.chat.count({ where: { integrationId: id, createdAt: { gte: new Date(now - 7 * 24 * 60 * 60 * 1000) } } }),
      this.deps.producer.lastWebhookAt(id).catch(() => null),
      // Bounded scans: a status panel, not a report.
      this.deps.producer.queue.getFailed(0, 499).catch(() => []),
      this.deps.producer.queue.getJobs(['waiting', 'delayed', 'active'], 0, 999).catch(() => []),
      exportStatusSummary(this.deps.db, id),
    ]);
    const mine = failed.filter((job) => job?.data?.integrationId === id);
    return {
      active: integration.active,
      lastWebhookAt,
      chats: { today, last7Days: week },
      jobs: {
        waiting: waiting.filter((job) => job?.data?.integrationId === id).length,
        failed: mine.length,
        lastFailures: mine.slice(0, 5).map((job) => ({ jobId: job.id, conversationId: job.data.conversationId, reason: job.failedReason, at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null })),
      },
      key: { status: integration.keyStatus, error: integration.keyError, checkedAt: integration.keyCheckedAt },
      export: integration.exportBrand
        ? { brand: integration.exportBrand, error: integration.exportError, ...exportSummary }
        : null,
    };
  }

  private async find(accountId: string, id: string): Promise<IntegrationRow> {
    const row = await this.deps.db.carrotQuestIntegration.findFirst({ where: { id, accountId, deletedAt: null }, include: WITH_MAPPINGS });
    if (!row) throw notFound('Integration');
    return row;
  }

  private async validate(accountId: string, input: IntegrationInput): Promise<void> {
    const errors: FieldError[] = validateIntegrationSettings(
      { ...input, mappings: input.mappings },
      await this.catalog(accountId),
    );
    if (input.apiBaseUrl && !this.deps.allowApiBaseUrlOverride) {
      errors.push({ field: 'apiBaseUrl', message: 'Свой адрес API CarrotQuest отключён на этом сервере' });
    }
    if (errors.length) throw new ApiError(ApiErrorCode.Invalid, 'Validation failed', errors);
  }

  private async catalog(accountId: string): Promise<AccountCatalog> {
    const where = { where: { accountId }, select: { id: true } };
    const [campaigns, sources, sites, employees, tags] = await Promise.all([
      this.deps.db.campaign.findMany(where),
      this.deps.db.source.findMany(where),
      this.deps.db.site.findMany(where),
      this.deps.db.employee.findMany(where),
      this.deps.db.tag.findMany(where),
    ]);
    const ids = (rows: Array<{ id: string }>) => new Set(rows.map((r) => r.id));
    return { campaignIds: ids(campaigns), sourceIds: ids(sources), siteIds: ids(sites), employeeIds: ids(employees), tagIds: ids(tags) };
  }

  private settingsData(input: IntegrationInput) {
    const { defaultCampaignId, defaultSourceId, defaultSiteId, tagId } = normaliseIntegrationTargets(input);
    return {
      name: input.name.trim(),
      active: input.active,
      trafficType: input.trafficType,
      forcedMode: input.forcedMode,
      defaultCampaignId,
      defaultSourceId,
      defaultSiteId,
      defaultEmployeeId: input.defaultEmployeeId ?? null,
      taggingEnabled: input.taggingEnabled,
      tagId,
      phoneRegion: input.phoneRegion,
      trackerGlobal: input.trackerGlobal,
      apiBaseUrl: input.apiBaseUrl ?? null,
      exportBrand: input.exportBrand,
      // A save is the user's answer to a refusal: try again, and show a new refusal if it comes.
      exportError: null,
      // ...and read the account's time zone again (get.account may have been allowed meanwhile).
      exportTimeZoneTokenHash: null,
    };
  }

  private exportTokenData(id: string, token: string | undefined) {
    if (!token) return {};
    return { exportTokenCiphertext: this.deps.secretBox.encrypt(token, integrationSecretContext(id, 'export-token')), exportTokenLast4: lastFour(token) };
  }

  private async publish(row: IntegrationRow): Promise<void> {
    await this.deps.directory.publish(row.webhookKeyHash, toDirectoryEntry(row, this.deps.secretBox));
  }

  private present(row: IntegrationRow) {
    const webhookKey = this.deps.secretBox.decrypt(row.webhookKeyCiphertext, integrationSecretContext(row.id, 'webhook-key'));
    const campaign = row.trafficType === 'campaign';
    return {
      id: row.id,
      accountId: row.accountId,
      name: row.name,
      active: row.active,
      apiKey: { masked: maskSecret(row.apiKeyLast4), status: row.keyStatus, error: row.keyError, checkedAt: row.keyCheckedAt },
      hasWebhookToken: row.webhookTokenCiphertext !== null,
      webhookUrl: `${this.deps.publicBaseUrl.replace(/\/+$/, '')}/webhooks/carrotquest/${webhookKey}`,
      trafficType: row.trafficType,
      forcedMode: row.forcedMode,
      defaultCampaignId: row.defaultCampaignId,
      defaultSourceId: row.defaultSourceId,
      defaultSiteId: row.defaultSiteId,
      defaultEmployeeId: row.defaultEmployeeId,
      taggingEnabled: row.taggingEnabled,
      tagId: row.tagId,
      phoneRegion: row.phoneRegion,
      trackerGlobal: row.trackerGlobal,
      apiBaseUrl: row.apiBaseUrl,
      export: { brand: row.exportBrand, token: row.exportTokenLast4 ? maskSecret(row.exportTokenLast4) : null, error: row.exportError },
      mappings: row.mappings.map((m) => (campaign ? { messenger: m.messenger, campaignId: m.campaignId } : { messenger: m.messenger, sourceId: m.sourceId, siteId: m.siteId })),
      script: buildCarrotQuestScript({ trackerGlobal: row.trackerGlobal }),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

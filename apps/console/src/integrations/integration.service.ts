import { CarrotQuestClient, CarrotQuestError, CarrotQuestErrorCode, type CarrotQuestClientOptions, type CqChannel } from '@carrot-bridge/carrotquest';
import { exportStatusSummary, readCatchUpState, setIntegrationKeyStatus, type Database } from '@carrot-bridge/db';
import { buildCarrotQuestScript, normaliseIntegrationTargets, validateIntegrationSettings, type AccountCatalog, type FieldError } from '@carrot-bridge/domain';
import type { ChatImportProducer, QueueInspector, WebhookDirectory } from '@carrot-bridge/queue';
import type { Logger } from '@carrot-bridge/logging';
import { apiKeyContext, generateWebhookKey, hashSecret, lastFour, maskSecret, SecretBoxError, type SecretBox, integrationSecretContext } from '@carrot-bridge/secrets';
import { ApiError, ApiErrorCode, notFound } from '../api/api-error';
import { toDirectoryEntry } from '../webhook-directory-sync';
import type { IntegrationInput } from './integration-input';

export interface IntegrationServiceDeps {
  db: Database;
  secretBox: SecretBox;
  directory: WebhookDirectory;
  producer: Pick<ChatImportProducer, 'lastWebhookAt'>;
  queues: Pick<QueueInspector, 'importJobsOf'>;
  publicBaseUrl: string;
  carrotQuestBaseUrl: string;
  carrotQuestTimeoutMs: number;
  /** Whether integrations may set their own CarrotQuest API base (see ALLOW_API_BASE_URL_OVERRIDE). */
  allowApiBaseUrlOverride?: boolean;
  /** Connection agents for CarrotQuest calls (the outbound address guard when the override is off). */
  carrotQuestAgents?: CarrotQuestClientOptions['agents'];
  /** Where the details of a failed key check go (users see a generic message). */
  logger?: Logger;
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
function exportTokenProblems(input: IntegrationInput, stored: boolean): FieldError[] {
  return input.exportBrand && !input.exportToken && !stored ? [{ field: 'exportToken', message: 'Укажите токен Data API для выгрузки' }] : [];
}

/** One 422 with every problem of the form, so the user fixes them all in one go. */
function refuseIfAny(problems: FieldError[]): void {
  if (problems.length) throw new ApiError(ApiErrorCode.Invalid, 'Validation failed', problems);
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
    refuseIfAny([
      ...(input.apiKey ? [] : [{ field: 'apiKey', message: 'Обязательное поле' }]),
      ...(await this.settingsProblems(accountId, input)),
      ...exportTokenProblems(input, false),
    ]);
    const id = crypto.randomUUID();
    const webhookKey = generateWebhookKey();
    const check = await this.checkKeyValue(input.apiKey!, this.apiBase(input.apiBaseUrl));
    const { secretBox } = this.deps;
    const row = await this.deps.db.$transaction(async (tx) => {
      await tx.carrotQuestIntegration.create({
        data: {
          id,
          accountId,
          ...this.settingsData(input),
          apiKeyCiphertext: secretBox.encrypt(input.apiKey!, apiKeyContext(id, this.apiBase(input.apiBaseUrl))),
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

  async update(accountId: string, id: string, given: IntegrationInput) {
    const existing = await this.find(accountId, id);
    // The page does not send apiBaseUrl: omitted keeps the stored one, null clears it.
    const input = given.apiBaseUrl === undefined ? { ...given, apiBaseUrl: existing.apiBaseUrl } : given;
    const { secretBox } = this.deps;
    const newKey = input.apiKey ? input.apiKey : null;
    refuseIfAny([
      // The stored key was sealed for the address it was entered with; it is never sent anywhere else.
      ...(!newKey && this.apiBase(input.apiBaseUrl) !== this.apiBase(existing.apiBaseUrl) ? [{ field: 'apiKey', message: 'Адрес API изменён: введите API-ключ заново' }] : []),
      ...(await this.settingsProblems(accountId, given)),
      ...exportTokenProblems(input, existing.exportTokenCiphertext !== null),
    ]);
    const check = newKey ? await this.checkKeyValue(newKey, this.apiBase(input.apiBaseUrl)) : null;
    const row = await this.deps.db.$transaction(async (tx) => {
      await tx.messengerMapping.deleteMany({ where: { integrationId: id } });
      await tx.messengerMapping.createMany({ data: mappingRows(accountId, id, input) });
      return tx.carrotQuestIntegration.update({
        where: { id: existing.id },
        data: {
          ...this.settingsData(input),
          ...(newKey && check
            ? { apiKeyCiphertext: secretBox.encrypt(newKey, apiKeyContext(id, this.apiBase(input.apiBaseUrl))), apiKeyLast4: lastFour(newKey), keyStatus: check.status, keyError: check.error, keyCheckedAt: new Date() }
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
    const key = apiKey || this.storedKey(existing);
    const check = await this.checkKeyValue(key, this.apiBase(existing.apiBaseUrl));
    // An unanswered check says nothing about the key: the last verdict stands.
    if (!apiKey && check.status !== 'unchecked') await setIntegrationKeyStatus(this.deps.db, id, check.status, check.error);
    return check;
  }

  /** A CarrotQuest client with the integration's stored key (backfill); the key never leaves it. */
  async carrotQuestClient(accountId: string, id: string): Promise<CarrotQuestClient> {
    const existing = await this.find(accountId, id);
    return this.client(this.apiBase(existing.apiBaseUrl), this.storedKey(existing));
  }

  /** `baseUrl`: an own API base already allowed by `apiBase`; null is the server's CarrotQuest API. */
  async checkKeyValue(apiKey: string, baseUrl: string | null = null): Promise<KeyCheck> {
    const client = this.client(baseUrl, apiKey);
    try {
      const channels: CqChannel[] = await client.getChannels();
      return { status: 'valid', error: null, channels: channels.map((c) => ({ id: String(c.id), name: c.name ?? null, type: c.type })) };
    } catch (error) {
      if (!(error instanceof CarrotQuestError)) throw error;
      // The details (which may echo whatever answered at that address) go to the log only: the page
      // must not become a port scanner telling closed, open and HTTP ports apart.
      this.deps.logger?.warn('CarrotQuest key check failed', { code: error.code, error: error.message, ownApiBase: baseUrl !== null });
      // Only CarrotQuest saying no condemns a key; an unreachable API must not stop chats being imported.
      if (error.code === CarrotQuestErrorCode.Unauthorized || error.code === CarrotQuestErrorCode.Forbidden) return { status: 'invalid', error: 'CarrotQuest отклонил ключ', channels: [] };
      return { status: 'unchecked', error: 'CarrotQuest не ответил', channels: [] };
    }
  }

  /** The API base an integration's calls go to: its own only where the server allows that. */
  private apiBase(apiBaseUrl: string | null | undefined): string | null {
    return this.deps.allowApiBaseUrlOverride ? (apiBaseUrl ?? null) : null;
  }

  private client(apiBase: string | null, apiKey: string): CarrotQuestClient {
    return new CarrotQuestClient({
      baseUrl: apiBase ?? this.deps.carrotQuestBaseUrl,
      apiKey,
      timeoutMs: this.deps.carrotQuestTimeoutMs,
      ...(this.deps.carrotQuestAgents ? { agents: this.deps.carrotQuestAgents } : {}),
    });
  }

  /** The stored key, readable only for the API base it was entered with (see apiKeyContext). */
  private storedKey(row: IntegrationRow): string {
    try {
      return this.deps.secretBox.decrypt(row.apiKeyCiphertext, apiKeyContext(row.id, this.apiBase(row.apiBaseUrl)));
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new ApiError(ApiErrorCode.Invalid, 'Validation failed', [{ field: 'apiKey', message: 'Ключ сохранён для другого адреса API: введите API-ключ заново' }]);
    }
  }

  async status(accountId: string, id: string) {
    const integration = await this.find(accountId, id);
    const now = Date.now();
    const startOfDay = new Date(now);
    startOfDay.setUTCHours(0, 0, 0, 0);
    const [today, week, lastWebhookAt, jobs, exportSummary, catchUp] = await Promise.all([
      this.deps.db.chat.count({ where: { integrationId: id, createdAt: { gte: startOfDay } } }),
      this.deps.db.chat.count({ where: { integrationId: id, createdAt: { gte: new Date(now - 7 * 24 * 60 * 60 * 1000) } } }),
      this.deps.producer.lastWebhookAt(id).catch(() => null),
      // null: with Redis down the panel must say "unknown", never "0 waiting, 0 failed".
      this.deps.queues.importJobsOf(id).catch(() => null),
      exportStatusSummary(this.deps.db, id),
      readCatchUpState(this.deps.db, id),
    ]);
    return {
      active: integration.active,
      lastWebhookAt,
      chats: { today, last7Days: week },
      jobs: jobs ?? { waiting: null, failed: null, lastFailures: [], unavailable: 'Очередь недоступна (Redis не отвечает): число задач неизвестно' },
      key: { status: integration.keyStatus, error: integration.keyError, checkedAt: integration.keyCheckedAt },
      // The hourly catch-up (conversations whose webhook never came); null until its first run.
      catchUp: catchUp
        ? { lastStartedAt: catchUp.lastStartedAt, lastFinishedAt: catchUp.lastFinishedAt, scanned: catchUp.lastScanned, queued: catchUp.lastQueued, error: catchUp.lastError, watermark: catchUp.watermark }
        : null,
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

  private async settingsProblems(accountId: string, input: IntegrationInput): Promise<FieldError[]> {
    const errors: FieldError[] = validateIntegrationSettings(
      { ...input, mappings: input.mappings },
      await this.catalog(accountId),
    );
    if (input.apiBaseUrl && !this.deps.allowApiBaseUrlOverride) {
      errors.push({ field: 'apiBaseUrl', message: 'Свой адрес API CarrotQuest отключён на этом сервере' });
    }
    return errors;
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
    await this.deps.directory.publish(row.webhookKeyHash, toDirectoryEntry(row, this.deps.secretBox, this.deps.directory.digests));
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

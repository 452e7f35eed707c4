import { IntegrationCarrotQuestAccess } from '@carrot-bridge/carrotquest';
import {
  findIntegrationOfAccount,
  insertIntegrationWithMappings,
  listIntegrationsOfAccount,
  updateIntegrationColumns,
  updateIntegrationSettings,
  type IntegrationSettingsRow,
} from '@carrot-bridge/db';
import { isExportConfigured } from '@carrot-bridge/domain';
import { generateWebhookKey, webhookKeyColumns } from '@carrot-bridge/secrets';
import type { AuditContext } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { toDirectoryEntry } from '../webhook-directory-sync';
import type { IntegrationInput } from './integration-input';
import { keyVerdictColumns, savedSettings, tokenColumns } from './integration-columns';
import type { IntegrationServiceDeps } from './integration-service-deps';
import { presentIntegration } from './integration-presenter';
import { IntegrationStatusService } from './integration-status.service';
import { exportBlockersOf } from './export-blockers-of';
import { IntegrationKeyService } from './integration-key.service';
import { IntegrationValidation, savedCatalogChoices } from './integration-validation';
import { integrationCreateDetails, integrationUpdateDetails } from './integration-audit';
export type { KeyCheck } from './key-check';

export type { IntegrationServiceDeps } from './integration-service-deps';

/**
 * The integration's life cycle as the settings page sees it. Every write is published to the webhook
 * directory right after, so ingress learns of it at once. Refusals are ConsoleExceptions, every problem
 * of a form in one.
 */
export class IntegrationService {
  private readonly access: IntegrationCarrotQuestAccess;
  private readonly statuses: IntegrationStatusService;
  private readonly validation: IntegrationValidation;
  /** Key checks and the stored key's client (backfill). */
  readonly keys: IntegrationKeyService;

  constructor(private readonly deps: IntegrationServiceDeps) {
    this.access = new IntegrationCarrotQuestAccess(deps);
    this.statuses = new IntegrationStatusService(deps);
    this.validation = new IntegrationValidation(
      deps.db,
      deps.allowApiBaseUrlOverride ?? false,
      deps.exportTokenCabinetCheck,
    );
    this.keys = new IntegrationKeyService({
      db: deps.db,
      access: this.access,
      find: (accountId, id) => this.find(accountId, id),
      audit: deps.audit,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
  }

  async list(accountId: string) {
    return (await listIntegrationsOfAccount(this.deps.db, accountId)).map((row) => this.present(row));
  }

  async get(accountId: string, id: string) {
    return this.present(await this.find(accountId, id));
  }

  async status(accountId: string, id: string) {
    return this.statuses.status(await this.find(accountId, id));
  }

  async create(accountId: string, input: IntegrationInput, by: AuditContext) {
    const apiBase = this.access.apiBase(input.apiBaseUrl);
    await this.validation.refuseIfAny(
      accountId,
      input,
      input.apiKey ? [] : [{ field: 'apiKey', message: 'Обязательное поле' }],
      false,
    );
    const id = crypto.randomUUID();
    const check = await this.keys.checkKeyValue(input.apiKey!, apiBase);
    const secretColumns = {
      ...this.access.sealKey(id, apiBase, input.apiKey!),
      ...webhookKeyColumns(this.deps.secretBox, id, generateWebhookKey()),
      ...keyVerdictColumns(check),
    };
    const settings = savedSettings(accountId, id, input);
    const columns = {
      id,
      accountId,
      ...settings.columns,
      ...tokenColumns(this.deps.secretBox, id, input),
      ...secretColumns,
    };
    const row = await insertIntegrationWithMappings(
      this.deps.db,
      { webhookTokenCiphertext: null, ...columns },
      settings.mappingRows,
    );
    await this.publish(row);
    await this.deps.audit.recordFor(by, {
      accountId,
      action: 'integration.created',
      targetId: id,
      details: integrationCreateDetails(row, input),
    });
    return { ...this.present(row), keyCheck: check, exportBlockers: await exportBlockersOf(this.deps.db, row) };
  }

  async update(accountId: string, id: string, given: IntegrationInput, by: AuditContext) {
    const existing = await this.find(accountId, id);
    // The page does not send apiBaseUrl: omitted keeps the stored one, null clears it.
    const input = given.apiBaseUrl === undefined ? { ...given, apiBaseUrl: existing.apiBaseUrl } : given;
    const apiBase = this.access.apiBase(input.apiBaseUrl);
    const newKey = input.apiKey ? input.apiKey : null;
    // The stored key was sealed for the address it was entered with; it is never sent anywhere else.
    const keyProblems =
      !newKey && apiBase !== this.access.apiBase(existing.apiBaseUrl)
        ? [{ field: 'apiKey', message: 'Адрес API изменён: введите API-ключ заново' }]
        : [];
    await this.validation.refuseIfAny(
      accountId,
      given,
      keyProblems,
      existing.exportTokenCiphertext !== null,
      savedCatalogChoices(existing),
    );
    const check = newKey ? await this.keys.checkKeyValue(newKey, apiBase) : null;
    const keyColumns =
      newKey && check ? { ...this.access.sealKey(id, apiBase, newKey), ...keyVerdictColumns(check) } : {};
    const settings = savedSettings(accountId, id, input);
    const columns = { ...settings.columns, ...keyColumns, ...tokenColumns(this.deps.secretBox, id, input) };
    const row = await updateIntegrationSettings(this.deps.db, id, columns, settings.mappingRows);
    await this.publish(row);
    await this.recordUpdate(accountId, existing, row, input, by);
    // Chats left pending by a refused token or a missing CoMagic id go out after the fix is saved.
    if (isExportConfigured(row)) await this.deps.exportScheduler?.schedule(row.id).catch(() => undefined);
    // What would keep chats from the cabinet, said on save (the status panel repeats it).
    const exportBlockers = await exportBlockersOf(this.deps.db, row);
    return { ...this.present(row), ...(check ? { keyCheck: check } : {}), exportBlockers };
  }

  async setActive(accountId: string, id: string, active: boolean, by: AuditContext) {
    await this.find(accountId, id);
    const row = await updateIntegrationColumns(this.deps.db, id, { active });
    await this.publish(row);
    const action = active ? 'integration.activated' : 'integration.deactivated';
    await this.deps.audit.recordFor(by, { accountId, action, targetId: id });
    return this.present(row);
  }

  /** A new webhook URL; the old one stops working at once. */
  async rotateWebhookKey(accountId: string, id: string, by: AuditContext) {
    const existing = await this.find(accountId, id);
    const row = await updateIntegrationColumns(
      this.deps.db,
      id,
      webhookKeyColumns(this.deps.secretBox, id, generateWebhookKey()),
    );
    await this.deps.directory.revoke(existing.webhookKeyHash);
    await this.publish(row);
    await this.deps.audit.recordFor(by, { accountId, action: 'webhook.rotated', targetId: id });
    return this.present(row);
  }

  /** Soft delete: the URL is revoked, imported chats stay. */
  async remove(accountId: string, id: string, by: AuditContext): Promise<void> {
    const existing = await this.find(accountId, id);
    await updateIntegrationColumns(this.deps.db, id, { deletedAt: new Date(), active: false });
    await this.deps.directory.revoke(existing.webhookKeyHash);
    await this.deps.audit.recordFor(by, { accountId, action: 'integration.removed', targetId: id });
  }

  /**
   * integration.updated with the fields that changed; a flip of «Активен» and a new export token are
   * also their own events (integration.activated / deactivated, export_token.changed), as the buttons'.
   */
  private async recordUpdate(
    accountId: string,
    before: IntegrationSettingsRow,
    after: IntegrationSettingsRow,
    input: IntegrationInput,
    by: AuditContext,
  ): Promise<void> {
    const details = integrationUpdateDetails(before, after, input);
    await this.deps.audit.recordFor(by, { accountId, action: 'integration.updated', targetId: after.id, details });
    if (before.active !== after.active) {
      const action = after.active ? 'integration.activated' : 'integration.deactivated';
      await this.deps.audit.recordFor(by, { accountId, action, targetId: after.id });
    }
    if (input.exportToken)
      await this.deps.audit.recordFor(by, { accountId, action: 'export_token.changed', targetId: after.id });
  }

  private async find(accountId: string, id: string): Promise<IntegrationSettingsRow> {
    const row = await findIntegrationOfAccount(this.deps.db, accountId, id);
    if (!row) throw ConsoleException.notFound('integration');
    return row;
  }

  private async publish(row: IntegrationSettingsRow): Promise<void> {
    await this.deps.directory.publish(
      row.webhookKeyHash,
      toDirectoryEntry(row, this.deps.secretBox, this.deps.directory.digests),
    );
  }

  private present(row: IntegrationSettingsRow) {
    return presentIntegration(row, this.deps.secretBox, this.deps.publicBaseUrl);
  }
}

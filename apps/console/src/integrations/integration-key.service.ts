import {
  StoredApiKeyUnreadableError,
  type CarrotQuestClient,
  type IntegrationCarrotQuestAccess,
} from '@carrot-bridge/carrotquest';
import { setIntegrationKeyStatus, type Database, type IntegrationSettingsRow } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { ConsoleException } from '../console-exception';
import { checkCarrotQuestKey, type KeyCheck } from './key-check';

export interface IntegrationKeyServiceDeps {
  db: Database;
  access: IntegrationCarrotQuestAccess;
  /** The account's integration, or ConsoleException not-found. */
  find: (accountId: string, id: string) => Promise<IntegrationSettingsRow>;
  logger?: Logger;
  audit: AuditRecorder;
}

/** The integration's CarrotQuest key: checking it, recording the verdict, and a client with it that never hands the key out. */
export class IntegrationKeyService {
  constructor(private readonly deps: IntegrationKeyServiceDeps) {}

  /** Checks the stored key (or `apiKey` when given) against CarrotQuest and records the result. */
  async checkKey(accountId: string, id: string, apiKey: string | undefined, by: AuditContext): Promise<KeyCheck> {
    const existing = await this.deps.find(accountId, id);
    const check = await this.checkKeyValue(
      apiKey || this.storedKey(existing),
      this.deps.access.apiBase(existing.apiBaseUrl),
    );
    // An unanswered check says nothing about the key: the last verdict stands.
    if (!apiKey && check.status !== 'unchecked')
      await setIntegrationKeyStatus(this.deps.db, id, check.status, check.error);
    await this.recordCheck(accountId, id, apiKey ? 'entered' : 'stored', check, by);
    return check;
  }

  /** «Проверить» on a key typed into the form of an integration not saved yet. */
  async checkEnteredKey(accountId: string, apiKey: string, by: AuditContext): Promise<KeyCheck> {
    const check = await this.checkKeyValue(apiKey);
    await this.recordCheck(accountId, null, 'entered', check, by);
    return check;
  }

  /** `apiBase`: an own API base already allowed by the access rules; null is the server's CarrotQuest API. */
  async checkKeyValue(apiKey: string, apiBase: string | null = null): Promise<KeyCheck> {
    return checkCarrotQuestKey(this.deps.access, apiKey, apiBase, this.deps.logger);
  }

  /** A CarrotQuest client with the integration's stored key (backfill). */
  async carrotQuestClient(accountId: string, id: string): Promise<CarrotQuestClient> {
    const existing = await this.deps.find(accountId, id);
    return this.deps.access.clientWithKey(this.deps.access.apiBase(existing.apiBaseUrl), this.storedKey(existing));
  }

  private async recordCheck(
    accountId: string,
    integrationId: string | null,
    checked: 'entered' | 'stored',
    check: KeyCheck,
    by: AuditContext,
  ): Promise<void> {
    const details = { checked, outcome: check.status };
    await this.deps.audit.recordFor(by, {
      accountId,
      action: 'integration.key_checked',
      targetId: integrationId,
      details,
    });
  }

  private storedKey(row: IntegrationSettingsRow): string {
    try {
      return this.deps.access.openKey(row);
    } catch (error) {
      if (!(error instanceof StoredApiKeyUnreadableError)) throw error;
      throw ConsoleException.invalid([
        { field: 'apiKey', message: 'Ключ сохранён для другого адреса API: введите API-ключ заново' },
      ]);
    }
  }
}

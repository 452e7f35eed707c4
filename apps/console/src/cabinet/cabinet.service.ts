import { DataApiError, DataApiErrorCode, type DataApiAccount, type DataApiBrand } from '@carrot-bridge/data-api';
import {
  deleteCabinetConnection,
  findCabinetConnection,
  listExportTokensOfAccount,
  recordCabinetComponentsCheck,
  saveCabinetConnection,
  type Database,
} from '@carrot-bridge/db';
import { assertNever, explainDataApiRefusal } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import type { CatalogSyncScheduler } from '@carrot-bridge/queue';
import {
  cabinetTokenColumns,
  integrationSecretContext,
  openCabinetToken,
  type SecretBox,
} from '@carrot-bridge/secrets';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import type { CabinetConnectInput } from './cabinet-input';
import { presentCabinetCheck, presentCabinetConnection } from './cabinet-presenter';
import type { DataApiAccess } from './data-api-access';

export interface CabinetServiceDeps {
  db: Database;
  secretBox: SecretBox;
  dataApi: DataApiAccess;
  /** Enqueues the account's catalog sync (the worker runs it). */
  scheduler: Pick<CatalogSyncScheduler, 'enqueueAccount'>;
  audit: AuditRecorder;
  logger?: Logger;
}

const tokenRefused = (message: string) => ConsoleException.invalid([{ field: 'token', message }]);
const otherCabinet = (message: string) =>
  new ConsoleException(ConsoleExceptionCode.Conflict, 'Токен от другого аккаунта CoMagic / UIS', [
    { field: 'token', message },
  ]);

/**
 * The account's connection to its CoMagic / UIS cabinet (docs/cabinet.md): one cabinet per account,
 * checked with get.account (https://comagic.github.io/data_api/account/get_account/: `app_id`
 * "Уникальный идентификатор аккаунта", `name`, `timezone`) whenever a token is entered.
 */
export class CabinetService {
  constructor(private readonly deps: CabinetServiceDeps) {}

  async get(accountId: string) {
    const row = await findCabinetConnection(this.deps.db, accountId);
    return { connection: row ? presentCabinetConnection(row) : null };
  }

  /**
   * Refuses a token get.account does not answer for (422), or one of another cabinet than the one
   * connected or than the one the account's integrations export to (409); then stores it and queues a
   * catalog sync.
   */
  async connect(accountId: string, input: CabinetConnectInput, by: AuditContext) {
    const account = await this.answeringAccount(input.brand, input.token);
    const existing = await findCabinetConnection(this.deps.db, accountId);
    if (existing && existing.cabinetAppId !== account.appId)
      throw otherCabinet(
        `Токен от другого аккаунта CoMagic (${account.name}, app_id ${account.appId}); подключён «${existing.cabinetName}» (app_id ${existing.cabinetAppId}). Чтобы сменить аккаунт, сначала отключите кабинет.`,
      );
    await this.refuseIfExportsElsewhere(accountId, account);
    const row = await saveCabinetConnection(this.deps.db, accountId, {
      brand: input.brand,
      ...cabinetTokenColumns(this.deps.secretBox, accountId, input.token),
      cabinetAppId: account.appId,
      cabinetName: account.name,
      timeZone: account.timeZone,
    });
    await this.probeOnConnect(accountId, input.brand, input.token);
    // The cabinet named, its token only as «изменён» (the audit log stores no secret).
    const details = { brand: input.brand, cabinetAppId: account.appId, cabinetName: account.name, token: true };
    await this.deps.audit.recordFor(by, { accountId, action: 'cabinet.connected', details });
    const syncQueued = await this.enqueueSync(accountId);
    return { connection: presentCabinetConnection(row), syncQueued };
  }

  /** «Проверить токен»: get.account and which components answer, with the stored token. */
  async check(accountId: string, by: AuditContext) {
    const row = await this.find(accountId);
    const client = this.deps.dataApi.clientFor(row.brand, openCabinetToken(this.deps.secretBox, row));
    const record = (outcome: string) =>
      this.deps.audit.recordFor(by, { accountId, action: 'cabinet.token_checked', details: { outcome } });
    try {
      const [account, components] = [await client.getAccount(), await client.probeComponents()];
      // The export's blocking list reads the last probe (export-blockers-of.ts).
      await recordCabinetComponentsCheck(this.deps.db, accountId, components);
      await record('ok');
      return presentCabinetCheck(account, components);
    } catch (error) {
      if (!(error instanceof DataApiError)) throw error;
      await record(error.code);
      return { ok: false as const, error: describeRefusal(error) };
    }
  }

  /** «Обновить из CoMagic». */
  async requestSync(accountId: string, by: AuditContext) {
    await this.find(accountId);
    const queued = await this.enqueueSync(accountId);
    await this.deps.audit.recordFor(by, { accountId, action: 'cabinet.catalog_sync_requested', details: { queued } });
    return { queued };
  }

  /** The synced catalog stays (chats point at it); only the token and the connection go. */
  async disconnect(accountId: string, by: AuditContext): Promise<void> {
    if (!(await deleteCabinetConnection(this.deps.db, accountId))) throw ConsoleException.notFound('cabinet');
    await this.deps.audit.recordFor(by, { accountId, action: 'cabinet.disconnected' });
  }

  private async find(accountId: string) {
    const row = await findCabinetConnection(this.deps.db, accountId);
    if (!row) throw ConsoleException.notFound('cabinet');
    return row;
  }

  private async answeringAccount(brand: DataApiBrand, token: string): Promise<DataApiAccount> {
    try {
      return await this.deps.dataApi.clientFor(brand, token).getAccount();
    } catch (error) {
      if (!(error instanceof DataApiError)) throw error;
      throw tokenRefused(`Токен не подошёл: ${describeRefusal(error)}`);
    }
  }

  /** An integration's export token that answers for another cabinet: the account would export to two. */
  private async refuseIfExportsElsewhere(accountId: string, account: DataApiAccount): Promise<void> {
    for (const stored of await listExportTokensOfAccount(this.deps.db, accountId)) {
      const token = this.deps.secretBox.decrypt(
        stored.tokenCiphertext,
        integrationSecretContext(stored.id, 'export-token'),
      );
      // A token that no longer answers says nothing about which cabinet it was for: the export reports it.
      const theirs = await this.deps.dataApi
        .clientFor(stored.brand, token)
        .getAccount()
        .catch(() => null);
      if (theirs && theirs.appId !== account.appId)
        throw otherCabinet(
          `Токен от аккаунта CoMagic «${account.name}» (app_id ${account.appId}), а интеграция «${stored.name}» выгружает в «${theirs.name}» (app_id ${theirs.appId}).`,
        );
    }
  }

  /**
   * Which components answer, stored for the blocking list as «Проверить токен» does. Best effort: the
   * connection is saved already, and an outage or spent limits leave the last stored probe as it was.
   */
  private async probeOnConnect(accountId: string, brand: DataApiBrand, token: string): Promise<void> {
    try {
      const components = await this.deps.dataApi.clientFor(brand, token).probeComponents();
      await recordCabinetComponentsCheck(this.deps.db, accountId, components);
    } catch (error) {
      this.deps.logger?.warn('components probe on connect failed', {
        accountId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The connection is saved either way; a Redis outage only delays the first sync to the daily tick or the button. */
  private async enqueueSync(accountId: string): Promise<boolean> {
    try {
      await this.deps.scheduler.enqueueAccount(accountId);
      return true;
    } catch (error) {
      this.deps.logger?.warn('catalog sync could not be queued', {
        accountId,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }
}

/** Why the Data API did not answer, in Russian (the page shows it). */
export function describeRefusal(error: DataApiError): string {
  switch (error.code) {
    case DataApiErrorCode.Unavailable:
      return `Data API не отвечает, попробуйте позже (${error.message})`;
    case DataApiErrorCode.LimitExceeded:
      return `исчерпаны лимиты Data API, попробуйте позже (${error.message})`;
    case DataApiErrorCode.UnexpectedAnswer:
      return `CoMagic ответил так, как мы не умеем читать (${error.message})`;
    case DataApiErrorCode.AccessDenied:
    case DataApiErrorCode.InvalidParams:
      return explainDataApiRefusal(error.details);
    default:
      return assertNever(error.code);
  }
}

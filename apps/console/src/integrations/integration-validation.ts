import { accountCatalogIds, removedCatalogIds, type Database, type IntegrationSettingsRow } from '@carrot-bridge/db';
import { validateIntegrationSettings, type FieldError, type SavedCatalogChoices } from '@carrot-bridge/domain';
import { ConsoleException } from '../console-exception';
import type { ExportTokenCabinetCheck } from './export-token-cabinet-check';
import type { IntegrationInput } from './integration-input';

/** Export needs a Data API token: given now, or stored earlier. */
function exportTokenProblems(input: IntegrationInput, stored: boolean): FieldError[] {
  return input.exportBrand && !input.exportToken && !stored
    ? [{ field: 'exportToken', message: 'Укажите токен Data API для выгрузки' }]
    : [];
}

/** The catalog ids the saved integration points at: a removed one among them may stay chosen. */
export function savedCatalogChoices(row: IntegrationSettingsRow): SavedCatalogChoices {
  const ids = [row.defaultCampaignId, row.defaultSourceId, row.defaultSiteId, row.defaultEmployeeId, row.tagId];
  for (const m of row.mappings) ids.push(m.campaignId, m.sourceId, m.siteId);
  return new Set(ids.filter((id): id is string => typeof id === 'string'));
}

/** The settings form's rules against the account's catalog and this server's policy. */
export class IntegrationValidation {
  constructor(
    private readonly db: Database,
    private readonly allowApiBaseUrlOverride: boolean,
    /** The export token against the account's cabinet connection; absent, not checked. */
    private readonly cabinetCheck?: ExportTokenCabinetCheck,
  ) {}

  /**
   * One refusal with every problem of the form, so the user fixes them all in one go: the key's, the
   * settings rules', then the export's (the form's order).
   */
  async refuseIfAny(
    accountId: string,
    input: IntegrationInput,
    keyProblems: FieldError[],
    exportTokenStored: boolean,
    saved: SavedCatalogChoices = new Set(),
  ): Promise<void> {
    const [ids, removed] = await Promise.all([
      accountCatalogIds(this.db, accountId),
      removedCatalogIds(this.db, accountId),
    ]);
    const removedIds = new Set(Object.values(removed).flatMap((set) => [...set]));
    const settings = validateIntegrationSettings(input, { ...ids, removedIds }, saved);
    const all = [...keyProblems, ...settings, ...exportTokenProblems(input, exportTokenStored)];
    if (input.exportBrand && input.exportToken && this.cabinetCheck)
      all.push(...(await this.cabinetCheck.problems(accountId, input.exportBrand, input.exportToken)));
    if (input.apiBaseUrl && !this.allowApiBaseUrlOverride)
      all.push({ field: 'apiBaseUrl', message: 'Свой адрес API CarrotQuest отключён на этом сервере' });
    if (all.length) throw ConsoleException.invalid(all);
  }
}

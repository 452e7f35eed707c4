import type { MappingRow } from '@carrot-bridge/db';
import { isMessengerChannel, normaliseIntegrationTargets } from '@carrot-bridge/domain';
import { exportTokenColumns, webhookTokenCiphertext, type SecretBox } from '@carrot-bridge/secrets';
import type { IntegrationInput } from './integration-input';
import type { KeyCheck } from './key-check';

/**
 * The settings columns of a saved form (secrets apart) and its mapping rows: only the targets of the
 * chosen traffic type are kept (normaliseIntegrationTargets, once per save).
 */
export function savedSettings(accountId: string, integrationId: string, input: IntegrationInput) {
  const { defaultCampaignId, defaultSourceId, defaultSiteId, tagId, mappings } = normaliseIntegrationTargets(input);
  const columns = {
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
  const mappingRows: MappingRow[] = mappings.map((m) => {
    // validateIntegrationSettings refused the save before this point if a messenger is not one.
    if (!isMessengerChannel(m.messenger)) throw new Error(`unvalidated mapping messenger reached the save`);
    return { ...m, messenger: m.messenger, accountId, integrationId };
  });
  return { columns, mappingRows };
}

/** The webhook token and the Data API token as given: a new value sealed, `null` (the token only) removed, omitted kept. */
export function tokenColumns(
  secretBox: SecretBox,
  integrationId: string,
  input: Pick<IntegrationInput, 'webhookToken' | 'exportToken'>,
) {
  return {
    ...(input.webhookToken === null
      ? { webhookTokenCiphertext: null }
      : input.webhookToken
        ? { webhookTokenCiphertext: webhookTokenCiphertext(secretBox, integrationId, input.webhookToken) }
        : {}),
    ...(input.exportToken ? exportTokenColumns(secretBox, integrationId, input.exportToken) : {}),
  };
}

/** The key check's verdict as stored on the integration. */
export function keyVerdictColumns(check: KeyCheck) {
  return { keyStatus: check.status, keyError: check.error, keyCheckedAt: new Date() };
}

// What the audit log keeps of an integration's settings save: the fields that changed and, for the
// plain ones, their new values; secrets (the API key, the webhook and export tokens) only as «изменён».
import type { IntegrationSettingsRow } from '@carrot-bridge/db';
import { SECRET_CHANGED } from '../audit/audit-details';
import type { IntegrationInput } from './integration-input';

/** The settings columns a save writes (integration-columns.ts savedSettings), compared one by one. */
const PLAIN_FIELDS = [
  'name',
  'active',
  'trafficType',
  'forcedMode',
  'defaultCampaignId',
  'defaultSourceId',
  'defaultSiteId',
  'defaultEmployeeId',
  'taggingEnabled',
  'tagId',
  'phoneRegion',
  'trackerGlobal',
  'apiBaseUrl',
  'exportBrand',
] as const;

type SettingsView = Pick<IntegrationSettingsRow, (typeof PLAIN_FIELDS)[number] | 'mappings' | 'webhookTokenCiphertext'>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The secrets a form changed: a new value, or the webhook token removed (null) when there was one. */
function secretsGiven(
  before: SettingsView,
  input: Pick<IntegrationInput, 'apiKey' | 'webhookToken' | 'exportToken'>,
): string[] {
  const webhookTokenChanged = input.webhookToken
    ? true
    : input.webhookToken === null && before.webhookTokenCiphertext !== null;
  return [
    ...(input.apiKey ? ['apiKey'] : []),
    ...(webhookTokenChanged ? ['webhookToken'] : []),
    ...(input.exportToken ? ['exportToken'] : []),
  ];
}

/**
 * `details` of integration.updated: `changed` names every field that changed (mappings as one), `new`
 * holds the plain fields' new values and «изменён» for each secret given.
 */
export function integrationUpdateDetails(
  before: SettingsView,
  after: SettingsView,
  input: Pick<IntegrationInput, 'apiKey' | 'webhookToken' | 'exportToken'>,
) {
  const plain = PLAIN_FIELDS.filter((field) => !same(before[field], after[field]));
  const mappings = same(before.mappings, after.mappings) ? [] : ['mappings'];
  const secrets = secretsGiven(before, input);
  return {
    changed: [...plain, ...mappings, ...secrets],
    new: {
      ...Object.fromEntries(plain.map((field) => [field, after[field]])),
      ...Object.fromEntries(secrets.map((field) => [field, SECRET_CHANGED])),
    },
  };
}

/** `details` of integration.created: the plain settings it starts with; its secrets only named (`sealed`). */
export function integrationCreateDetails(
  row: SettingsView,
  input: Pick<IntegrationInput, 'webhookToken' | 'exportToken'>,
) {
  return {
    new: Object.fromEntries(PLAIN_FIELDS.map((field) => [field, row[field]])),
    sealed: ['apiKey', ...(input.webhookToken ? ['webhookToken'] : []), ...(input.exportToken ? ['exportToken'] : [])],
  };
}

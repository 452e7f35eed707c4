import { randomUUID } from 'node:crypto';
import type { Database, Prisma } from '@carrot-bridge/db';
import {
  apiKeyColumns,
  generateWebhookKey,
  webhookKeyColumns,
  webhookTokenCiphertext,
  type SecretBox,
} from '@carrot-bridge/secrets';
import { seedAccountCatalog, type AccountCatalogOptions } from './account-catalog-seed';

export interface IntegrationRowOptions {
  id?: string;
  accountId: string;
  apiKey: string;
  /** The API base the key is sealed for (and stored as the integration's own); null: the server's. */
  apiBase?: string | null;
  webhookKey?: string;
  /** CarrotQuest's webhook token, if the integration has one. */
  webhookToken?: string;
}

export type IntegrationColumns = Prisma.CarrotQuestIntegrationUncheckedCreateInput;

/**
 * The one builder of an integration row with its secrets, for every suite: sealed with the same columns
 * functions the console writes with (packages/secrets), so a test row is a row the console could have
 * made. `columns` overrides or adds the settings (traffic type, defaults, active...).
 */
export function integrationRow(
  secretBox: SecretBox,
  options: IntegrationRowOptions,
  columns: Partial<IntegrationColumns> = {},
): { data: IntegrationColumns; webhookKey: string } {
  const id = options.id ?? randomUUID();
  const webhookKey = options.webhookKey ?? generateWebhookKey();
  const data: IntegrationColumns = {
    id,
    accountId: options.accountId,
    name: 'Fixture',
    active: true,
    ...apiKeyColumns(secretBox, id, options.apiBase ?? null, options.apiKey),
    ...webhookKeyColumns(secretBox, id, webhookKey),
    webhookTokenCiphertext: options.webhookToken ? webhookTokenCiphertext(secretBox, id, options.webhookToken) : null,
    ...(options.apiBase ? { apiBaseUrl: options.apiBase } : {}),
    ...columns,
  };
  return { data, webhookKey };
}

export interface IntegrationFixture {
  accountId: string;
  integrationId: string;
  webhookKey: string;
  webhookKeyHash: string;
  siteId: string;
  sourceId: string;
  employeeId: string;
  /** The catalog's first tag (not linked to the integration: tagging is off), null when it has none. */
  tagId: string | null;
}

/**
 * An account with the standard catalog (seedAccountCatalog; `catalog` changes it) and an active
 * CarrotQuest integration (traffic type "source", defaults the catalog's first site, source and
 * employee) whose secrets are sealed as the console would. For suites and benchmarks that need rows
 * without running the console.
 */
export async function insertIntegration(
  db: Database,
  secretBox: SecretBox,
  apiKey: string,
  name = 'Fixture',
  catalog: AccountCatalogOptions = {},
): Promise<IntegrationFixture> {
  const seeded = await seedAccountCatalog(db, { name, ...catalog });
  const { data, webhookKey } = integrationRow(
    secretBox,
    { accountId: seeded.accountId, apiKey },
    { name, ...seeded.sourceTrafficDefaults() },
  );
  await db.carrotQuestIntegration.create({ data });
  return {
    accountId: seeded.accountId,
    integrationId: data.id!,
    webhookKey,
    webhookKeyHash: data.webhookKeyHash,
    siteId: seeded.siteId,
    sourceId: seeded.sourceId,
    employeeId: seeded.employeeId,
    tagId: seeded.tagIds[0] ?? null,
  };
}

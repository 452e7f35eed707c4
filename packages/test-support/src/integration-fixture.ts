import { randomUUID } from 'node:crypto';
import type { Database, Prisma } from '@carrot-bridge/db';
import {
  apiKeyColumns,
  generateWebhookKey,
  webhookKeyColumns,
  webhookTokenCiphertext,
  type SecretBox,
} from '@carrot-bridge/secrets';

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
}

/**
 * An account with a site, a default source and an employee, and an active CarrotQuest integration
 * (traffic type "source") whose secrets are sealed as the console would. For suites and benchmarks
 * that need rows without running the console.
 */
export async function insertIntegration(
  db: Database,
  secretBox: SecretBox,
  apiKey: string,
  name = 'Fixture',
): Promise<IntegrationFixture> {
  const [accountId, siteId, sourceId, employeeId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await db.account.create({ data: { id: accountId, name } });
  await db.site.create({ data: { id: siteId, accountId, domain: 'shop.example.ru', siteKey: `site-${siteId}` } });
  await db.source.create({ data: { id: sourceId, accountId, name: 'Direct', group: 'Прямые', channel: 'Бесплатный' } });
  await db.employee.create({ data: { id: employeeId, accountId, name: 'Оператор' } });
  const { data, webhookKey } = integrationRow(
    secretBox,
    { accountId, apiKey },
    { name, trafficType: 'source', defaultSourceId: sourceId, defaultSiteId: siteId, defaultEmployeeId: employeeId },
  );
  await db.carrotQuestIntegration.create({ data });
  return {
    accountId,
    integrationId: data.id!,
    webhookKey,
    webhookKeyHash: data.webhookKeyHash,
    siteId,
    sourceId,
    employeeId,
  };
}

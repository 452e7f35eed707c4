import { randomUUID } from 'node:crypto';
import type { Database } from '@carrot-bridge/db';
import { generateWebhookKey, hashSecret, integrationSecretContext, type SecretBox } from '@carrot-bridge/secrets';

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
 * (traffic type "source") whose secrets are encrypted as the console would. For suites and benchmarks
 * that need rows without running the console.
 */
export async function insertIntegration(db: Database, secretBox: SecretBox, apiKey: string, name = 'Fixture'): Promise<IntegrationFixture> {
  const [accountId, integrationId, siteId, sourceId, employeeId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const webhookKey = generateWebhookKey();
  await db.account.create({ data: { id: accountId, name } });
  await db.site.create({ data: { id: siteId, accountId, domain: 'shop.example.ru', siteKey: `site-${siteId}` } });
  await db.source.create({ data: { id: sourceId, accountId, name: 'Direct', group: 'Прямые', channel: 'Бесплатный' } });
  await db.employee.create({ data: { id: employeeId, accountId, name: 'Оператор' } });
  await db.carrotQuestIntegration.create({
    data: {
      id: integrationId,
      accountId,
      name,
      active: true,
      apiKeyCiphertext: secretBox.encrypt(apiKey, integrationSecretContext(integrationId, 'api-key')),
      apiKeyLast4: apiKey.slice(-4),
      webhookKeyHash: hashSecret(webhookKey),
      webhookKeyCiphertext: secretBox.encrypt(webhookKey, integrationSecretContext(integrationId, 'webhook-key')),
      trafficType: 'source',
      defaultSourceId: sourceId,
      defaultSiteId: siteId,
      defaultEmployeeId: employeeId,
    },
  });
  return { accountId, integrationId, webhookKey, webhookKeyHash: hashSecret(webhookKey), siteId, sourceId, employeeId };
}

// Shared by the attack suites (issue #12): a real console process over a scratch database, and a
// loopback HTTP client that can pick its source address (to play "another client").
import { request } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  requireEnv,
  seedAccountCatalog,
  startApp,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';

export const CONSOLE_PASSWORD = 'attack-suite-password';
export const AUTH = `Basic ${Buffer.from(`admin:${CONSOLE_PASSWORD}`).toString('base64')}`;

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request over loopback with full control of headers and of the local address. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface ConsoleUnderAttack {
  app: AppProcess;
  url: string;
  t: TestDatabase;
  stop(): Promise<void>;
}

/** A console process of its own (its own database and queue prefix), ready to be attacked. */
export async function startConsole(label: string, env: Record<string, string> = {}): Promise<ConsoleUnderAttack> {
  const t = await createTestDatabase(label);
  const app = await startApp('console', {
    REDIS_URL: requireEnv('REDIS_URL'),
    DATABASE_URL: t.url,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    QUEUE_PREFIX: `atk-${randomUUID().slice(0, 8)}`,
    CONSOLE_PASSWORD,
    ...env,
  }).catch(async (error: unknown) => {
    await t.drop();
    throw error;
  });
  return {
    app,
    url: app.url,
    t,
    async stop() {
      await app.stop();
      await t.drop();
    },
  };
}

/** The admin API as our own page calls it (same origin, JSON). */
export async function api(
  consoleUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${consoleUrl}/api${path}`, {
    method,
    headers: { authorization: AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The standard account (seedAccountCatalog) and the settings of an integration using it (without a key). */
export async function seedAttackedAccount(target: ConsoleUnderAttack) {
  const catalog = await seedAccountCatalog(target.t.db, { name: 'Атакуемый' });
  const settings = { name: 'Сайт', active: true, ...catalog.sourceTrafficDefaults(), mappings: [] };
  return { ids: { account: catalog.accountId }, settings };
}

/** seedAttackedAccount, then an active integration made through the console's API, as a user would. */
export async function createAttackedIntegration(
  target: ConsoleUnderAttack,
  apiKey: string,
): Promise<{ accountId: string; integrationId: string; webhookUrl: string }> {
  const { ids, settings } = await seedAttackedAccount(target);
  const created = await api(target.url, 'POST', `/accounts/${ids.account}/integrations`, { ...settings, apiKey });
  if (created.status !== 201)
    throw new Error(`the integration could not be created: ${created.status} ${JSON.stringify(created.body)}`);
  return { accountId: ids.account, integrationId: created.body.id, webhookUrl: created.body.webhookUrl };
}

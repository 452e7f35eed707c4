// Shared by the attack suites (issue #12): a real console process over a scratch database, and a
// loopback HTTP client that can pick its source address (to play "another client").
import { request } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AppProcess,
  createTestDatabase,
  freePort,
  requireEnv,
  waitFor,
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
  const port = await freePort();
  const app = new AppProcess('console', {
    REDIS_URL: requireEnv('REDIS_URL'),
    DATABASE_URL: t.url,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    QUEUE_PREFIX: `atk-${randomUUID().slice(0, 8)}`,
    CONSOLE_PORT: String(port),
    CONSOLE_HOST: '127.0.0.1',
    CONSOLE_PASSWORD,
    ...env,
  });
  app.start();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the console to be ready',
    async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200,
    60_000,
    200,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- console\n${app.log()}`);
  });
  return {
    app,
    url,
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

/** An account with a site, a source and an employee, and the settings of an integration using them (without a key). */
export async function seedAttackedAccount(target: ConsoleUnderAttack) {
  const ids = { account: randomUUID(), site: randomUUID(), source: randomUUID(), employee: randomUUID() };
  const db = target.t.db;
  await db.account.create({ data: { id: ids.account, name: 'Атакуемый' } });
  await db.site.create({
    data: { id: ids.site, accountId: ids.account, domain: 'shop.example.ru', siteKey: ids.site },
  });
  await db.source.create({
    data: { id: ids.source, accountId: ids.account, name: 'Direct', group: 'g', channel: 'c' },
  });
  await db.employee.create({ data: { id: ids.employee, accountId: ids.account, name: 'Алексей' } });
  const settings = {
    name: 'Сайт',
    active: true,
    trafficType: 'source',
    defaultSourceId: ids.source,
    defaultSiteId: ids.site,
    defaultEmployeeId: ids.employee,
    mappings: [],
  };
  return { ids, settings };
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

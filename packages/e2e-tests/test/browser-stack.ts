import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import {
  createTestDatabase,
  requireEnv,
  startProduct,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { launchHeadlessChromium } from './headless-chromium';

/**
 * What the browser tests run against: the product (console, ingress, worker) over a fresh database and
 * the fake CarrotQuest, and a Chromium page logged in to the console in Russian.
 */
export class BrowserStack {
  readonly fake = new FakeCarrotQuest();
  t!: TestDatabase;
  apps: AppProcess[] = [];
  browser: Browser | undefined;
  page!: Page;
  consoleUrl = '';
  ingressUrl = '';
  /** The apps' Redis prefix: what a test seeds there (e.g. the delivery log) the console reads. */
  readonly queuePrefix = `browser-${randomUUID().slice(0, 8)}`;

  constructor(private readonly consolePassword: string) {}

  async start(label: string, context: BrowserContextOptions = {}): Promise<void> {
    this.t = await createTestDatabase(label);
    await this.fake.start();
    const product = await startProduct({
      common: {
        REDIS_URL: requireEnv('REDIS_URL'),
        DATABASE_URL: this.t.url,
        SECRETS_KEY: randomBytes(32).toString('base64'),
        QUEUE_PREFIX: this.queuePrefix,
        CARROTQUEST_API_BASE_URL: this.fake.baseUrl,
      },
      console: { CONSOLE_PASSWORD: this.consolePassword },
    });
    this.apps = product.apps;
    this.consoleUrl = product.console.url;
    this.ingressUrl = product.ingress.url;
    this.browser = await launchHeadlessChromium();
    const logged = await this.browser.newContext({
      httpCredentials: { username: 'admin', password: this.consolePassword },
      locale: 'ru-RU',
      ...context,
    });
    this.page = await logged.newPage();
    // Without credentials the page sends a browser to the sign-in page, which asks for no password; the
    // operator's way in is /operator, whose basic-auth challenge the context answers. The browser then
    // sends the password with every request below / (RFC 7617 §2.2).
    await this.page.goto(`${this.consoleUrl}/operator`);
  }

  /** The end of each app's log, for a failed step (a chat that never came is explained by the worker). */
  logs(): string {
    return this.apps.map((app) => `--- ${app.name}\n${app.log().slice(-4000)}`).join('\n');
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await Promise.all(this.apps.map((app) => app.stop()));
    await this.fake.stop();
    await this.t?.drop();
  }
}

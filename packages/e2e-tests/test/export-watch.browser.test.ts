import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { exportTokenColumns, SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  freePort,
  integrationRow,
  requireEnv,
  seedAccountCatalog,
  startApps,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { launchHeadlessChromium } from './headless-chromium';

const PASSWORD = 'export-watch-browser-password';

// Issue #22 item 3 in a real browser: a marketer saves export settings over a catalog typed by hand and
// sees, under the export settings, what blocks the export; with the Data API down, the status panel
// says the export is retrying, why and when the next try is. Real console and worker processes.
describe('watching the export on the page, in a real browser', function () {
  this.timeout(120_000);
  const secretsKey = randomBytes(32).toString('base64');
  const secretBox = new SecretBox(secretsKey);
  const accountId = randomUUID();
  const integrationId = randomUUID();
  let t: TestDatabase;
  let apps: AppProcess[] = [];
  let browser: Browser | undefined;
  let page: Page;
  let consoleUrl = '';

  before(async () => {
    t = await createTestDatabase('exwb');
    const seeded = await seedAccountCatalog(t.db, {
      id: accountId,
      sites: [{ domain: 'no-id.example.ru' }],
      sources: [{ name: 'Телеграм', group: 'Мессенджеры' }],
      employees: [{ name: 'Анна', comagicId: 41 }],
    });
    const { data } = integrationRow(
      secretBox,
      { id: integrationId, accountId, apiKey: `app.1.${randomUUID()}` },
      {
        name: 'Выгрузка под наблюдением',
        ...seeded.sourceTrafficDefaults(),
        keyStatus: 'valid',
        exportBrand: 'comagic',
        ...exportTokenColumns(secretBox, integrationId, 'watch-token'),
      },
    );
    await t.db.carrotQuestIntegration.create({ data });
    const common = {
      REDIS_URL: requireEnv('REDIS_URL'),
      DATABASE_URL: t.url,
      SECRETS_KEY: secretsKey,
      QUEUE_PREFIX: `exwb-${randomUUID().slice(0, 8)}`,
      // The export stays "retrying" (next try a minute away) while the page is looked at.
      RETRY_BASE_DELAY_MS: '60000',
      RETRY_MAX_DELAY_MS: '120000',
      RETRY_ATTEMPTS: '5',
    };
    apps = await startApps([
      { name: 'console', env: { ...common, CONSOLE_PASSWORD: PASSWORD } },
      // Down: nothing listens where the Data API should be.
      {
        name: 'worker',
        env: {
          ...common,
          DATA_API_COMAGIC_URL: `http://127.0.0.1:${await freePort()}/v2.0`,
          DATA_API_TIMEOUT_MS: '2000',
        },
      },
    ]);
    consoleUrl = apps[0]!.url;
    browser = await launchHeadlessChromium();
    const context = await browser.newContext({
      httpCredentials: { username: 'admin', password: PASSWORD },
      locale: 'ru-RU',
    });
    page = await context.newPage();
    // The operator's way onto the page: /operator's basic-auth challenge, then the browser keeps the password.
    await page.goto(`${consoleUrl}/operator`);
  });

  after(async () => {
    await browser?.close();
    await Promise.all(apps.map((app) => app.stop()));
    await t?.drop();
  });

  it('shows what blocks the export under its settings once saved, and the export retrying on the status panel', async () => {
    await page.goto(`${consoleUrl}/?account=${accountId}&integration=${integrationId}`);
    await page.waitForSelector('body[data-ready=true]');
    await page.click('#save');
    await page.locator('#save-result', { hasText: /^Сохранено$/ }).waitFor();

    const blockers = page.locator('#export-blockers li.error');
    await blockers.first().waitFor({ state: 'visible' });
    expect(await blockers.allTextContents()).to.deep.equal([
      'мешает: Источник «Телеграм» (Мессенджеры): нет id в CoMagic — чаты без своей сессии (отнесённые к источнику по умолчанию) не выгрузятся',
      'мешает: Сайт «no-id.example.ru»: нет id в CoMagic — чаты без своей сессии (отнесённые к источнику по умолчанию) не выгрузятся',
    ]);

    // The save queued an export; the worker cannot reach the Data API, and the panel's refresh says so.
    const retrying = page.locator('#st-export .export-retrying');
    await retrying.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await retrying.textContent()).to.match(
      /^Выгрузка повторяется \(попытка 1 из 5, следующая \d{2}\.\d{2}\.\d{4}, \d{1,2}:\d{2}:\d{2}\): Data API unavailable: /,
    );
    expect(await page.textContent('#st-export .export-jobs')).to.equal(
      'Задачи выгрузки: ждут 0, повторяются 1, не удались 0',
    );
    await page.screenshot({ path: '/tmp/carrot-bridge-export-watch.png', fullPage: true });
  });
});

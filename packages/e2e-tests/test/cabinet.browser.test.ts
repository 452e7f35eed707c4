import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import {
  createTestDatabase,
  requireEnv,
  seedAccount,
  startApps,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { launchHeadlessChromium } from './headless-chromium';

declare const document: {
  documentElement: { scrollWidth: number };
  querySelector(selector: string): { textContent: string | null } | null;
};
declare const window: { innerWidth: number };

const PASSWORD = 'cabinet-browser-password';
const TOKEN = `cabinet-${randomUUID()}`;

// Issue #22 Done-when in a real browser: a new account is connected to its cabinet in «Кабинет CoMagic /
// UIS», «Проверить токен» shows the account and which components answer, and «Обновить из CoMagic» reads
// the catalog again (a real worker process runs the sync) and the page shows the run's counts.
describe('the cabinet section in a real browser', function () {
  this.timeout(120_000);
  const dataApi = new FakeDataApi();
  let t: TestDatabase;
  let accountId = '';
  let apps: AppProcess[] = [];
  let browser: Browser | undefined;
  let page: Page;
  let consoleUrl = '';

  before(async () => {
    t = await createTestDatabase('cabb');
    accountId = await seedAccount(t.db);
    await dataApi.start();
    dataApi.addToken(TOKEN, { appId: 48_213, name: 'ООО Ромашка', timeZone: 'Asia/Yekaterinburg' });
    // A cabinet without the chats upload component: the check must say so.
    dataApi.disableComponent(TOKEN, 'upload.chats');
    dataApi.addSite({ id: 301, domain: 'romashka.example.ru' });
    dataApi.addCampaign({ id: 401, name: 'Весна', siteId: 301 });
    dataApi.addSource({ id: 501, name: 'Яндекс', group: 'Контекст', channel: 'Платный трафик' });
    dataApi.addEmployee({ id: 601, name: 'Анна' });
    dataApi.addTag({ id: 701, name: 'Чат' });
    const common = {
      REDIS_URL: requireEnv('REDIS_URL'),
      DATABASE_URL: t.url,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      QUEUE_PREFIX: `cabb-${randomUUID().slice(0, 8)}`,
      DATA_API_COMAGIC_URL: dataApi.url,
      DATA_API_TIMEOUT_MS: '5000',
    };
    apps = await startApps([
      { name: 'console', env: { ...common, CONSOLE_PASSWORD: PASSWORD } },
      { name: 'worker', env: common },
    ]);
    consoleUrl = apps[0]!.url;
    browser = await launchHeadlessChromium();
    const context = await browser.newContext({
      httpCredentials: { username: 'admin', password: PASSWORD },
      locale: 'ru-RU',
      viewport: { width: 1280, height: 800 },
    });
    page = await context.newPage();
    // The operator's way onto the page: /operator's basic-auth challenge, then the browser keeps the password.
    await page.goto(`${consoleUrl}/operator`);
  });

  after(async () => {
    await browser?.close();
    await Promise.all(apps.map((app) => app.stop()));
    await dataApi.stop();
    await t?.drop();
  });

  const logs = () => apps.map((app) => `--- ${app.name}\n${app.log().slice(-3000)}`).join('\n');
  const lastSync = () => page.locator('#cabinet-last-sync');

  it('connects with a token, checks it, and reads the catalog again with «Обновить из CoMagic»', async () => {
    await page.goto(`${consoleUrl}/?account=${accountId}`);
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.textContent('#cabinet-summary')).to.match(/^Не подключён/);

    await page.fill('#cabinet-token', TOKEN);
    await page.click('#cabinet-connect');
    await page.locator('#cabinet-summary', { hasText: 'Ромашка' }).waitFor();
    expect(await page.textContent('#cabinet-summary')).to.equal(
      'CoMagic: «ООО Ромашка» (app_id 48213), часовой пояс Asia/Yekaterinburg',
    );
    // The sync queued on connect runs in the worker; the page follows it without a reload.
    await lastSync()
      .filter({ hasText: /^Загружено / })
      .waitFor({ timeout: 30_000 })
      .catch((error: unknown) => {
        throw new Error(`the first sync never showed: ${String(error)}\n${logs()}`);
      });
    expect(await lastSync().textContent()).to.include('сайты: новых 1, изменено 0, удалено в CoMagic 0');

    await page.click('#cabinet-check');
    await page.locator('#cabinet-check-result li.component').first().waitFor();
    expect(await page.locator('#cabinet-check-result li').allTextContents()).to.deep.equal([
      'Аккаунт: «ООО Ромашка», часовой пояс Asia/Yekaterinburg',
      'Data API: отвечает',
      'Загрузка чатов: нет доступа',
      'Отчёт по сессиям: отвечает',
      'Справочники: отвечает',
    ]);

    // Meanwhile the cabinet changed: a new site, a renamed campaign, a deleted tag.
    dataApi.addSite({ id: 302, domain: 'romashka-shop.example.ru' });
    dataApi.renameCatalogEntry('campaign', 401, 'Весна 2027');
    dataApi.removeCatalogEntry('tag', 701);
    const first = await lastSync().textContent();
    await page.click('#cabinet-sync');
    await page
      .waitForFunction((before) => document.querySelector('#cabinet-last-sync')?.textContent !== before, first, {
        timeout: 30_000,
      })
      .catch((error: unknown) => {
        throw new Error(`the requested sync never showed: ${String(error)}\n${logs()}`);
      });
    const line = (await lastSync().textContent()) ?? '';
    expect(line).to.match(/^Загружено \d{2}\.\d{2}\.\d{4}, \d{1,2}:\d{2}:\d{2}\.сайты: /);
    expect(await page.textContent('#cabinet-error'), 'the queued note goes once the run shows').to.equal('');
    expect(line).to.include('сайты: новых 1, изменено 0, удалено в CoMagic 0');
    expect(line).to.include('кампании: новых 0, изменено 1, удалено в CoMagic 0');
    expect(line).to.include('теги: новых 0, изменено 0, удалено в CoMagic 1');

    await page.locator('#cabinet-section').screenshot({ path: '/tmp/carrot-bridge-cabinet-1280.png' });
    await page.setViewportSize({ width: 400, height: 800 });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      'no horizontal scroll at 400 px',
    ).to.be.at.most(0);
    await page.locator('#cabinet-section').screenshot({ path: '/tmp/carrot-bridge-cabinet-400.png' });
  });
});

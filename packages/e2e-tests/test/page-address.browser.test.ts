import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  integrationRow,
  requireEnv,
  seedAccountCatalog,
  startApps,
  type AccountCatalog,
  type AppProcess,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { launchHeadlessChromium } from './headless-chromium';

// What the functions run in the page use of it (this package's TypeScript has no DOM library).
declare const document: {
  documentElement: { scrollWidth: number };
  getElementById(id: string): { value: string } | null;
};
declare const location: { href: string };

const PASSWORD = 'page-address-browser-password';
const SHOTS = '/tmp/shots26';

// Issue #26 point 2 in a real browser against the real console: every screen has an address. An
// integration opened by its URL stays open on reload, a choice is a history entry that back undoes, a new
// integration gets its id in the address once saved, and the report keeps the integration both ways.
describe('the page address, in a real browser', function () {
  this.timeout(120_000);
  const secretsKey = randomBytes(32).toString('base64');
  const fake = new FakeCarrotQuest();
  const newKey = `app.77.${randomUUID()}`;
  const accountId = randomUUID();
  const first = randomUUID();
  const second = randomUUID();
  const otherAccount = randomUUID();
  const otherIntegration = randomUUID();
  let t: TestDatabase;
  let catalog: AccountCatalog;
  let apps: AppProcess[] = [];
  let browser: Browser | undefined;
  let page: Page;
  let consoleUrl = '';

  /** The page's search parameters, as the page itself sees them. */
  const address = () => Object.fromEntries(new URL(page.url()).searchParams);
  /** Waits until the form shows the integration of this name (the select and the form agree). */
  const shows = async (id: string, name: string) => {
    await page.waitForFunction(
      ([id, name]) =>
        document.getElementById('integration')?.value === id && document.getElementById('name')?.value === name,
      [id, name] as const,
    );
    expect(await page.textContent('#integration-id')).to.equal(id);
  };
  const noHorizontalScroll = async (width: number, name: string) => {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/A-${name}-${width}.png`, fullPage: false });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${name} at ${width}px`).to.be.at.most(width);
  };

  before(async () => {
    t = await createTestDatabase('page_address');
    await fake.start();
    fake.addFixtureChats(newKey);
    catalog = await seedAccountCatalog(t.db, { id: accountId, name: 'Адреса' });
    const other = await seedAccountCatalog(t.db, { id: otherAccount, name: 'Другой аккаунт' });
    const box = new SecretBox(secretsKey);
    for (const [id, account, name, createdAt] of [
      [first, catalog, 'Первая', new Date('2026-11-01T00:00:00Z')],
      [second, catalog, 'Вторая', new Date('2026-11-02T00:00:00Z')],
      [otherIntegration, other, 'Чужая', new Date('2026-11-03T00:00:00Z')],
    ] as const) {
      const { data } = integrationRow(
        box,
        { id, accountId: account.accountId, apiKey: `app.1.${randomUUID()}` },
        { name, ...account.sourceTrafficDefaults(), keyStatus: 'valid', createdAt },
      );
      await t.db.carrotQuestIntegration.create({ data });
    }
    apps = await startApps([
      {
        name: 'console',
        env: {
          REDIS_URL: requireEnv('REDIS_URL'),
          DATABASE_URL: t.url,
          SECRETS_KEY: secretsKey,
          QUEUE_PREFIX: `addr-${randomUUID().slice(0, 8)}`,
          CARROTQUEST_API_BASE_URL: fake.baseUrl,
          CONSOLE_PASSWORD: PASSWORD,
        },
      },
    ]);
    consoleUrl = apps[0]!.url;
    browser = await launchHeadlessChromium();
    const context = await browser.newContext({
      httpCredentials: { username: 'admin', password: PASSWORD },
      locale: 'ru-RU',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    // The operator's way onto the page: /operator's basic-auth challenge, then the browser keeps the password.
    await page.goto(`${consoleUrl}/operator`);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(apps.map((a) => a.log().slice(-4000)).join('\n'));
  });
  after(async () => {
    await browser?.close();
    await Promise.all(apps.map((app) => app.stop()));
    await fake.stop();
    await t?.drop();
  });

  it('opens the integration of the address, keeps it on reload; a choice is a history entry back undoes', async () => {
    await page.goto(`${consoleUrl}/?account=${accountId}&integration=${second}`);
    await page.waitForSelector('body[data-ready=true]');
    await shows(second, 'Вторая');
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    await shows(second, 'Вторая');
    expect(address()).to.deep.equal({ account: accountId, integration: second });
    await noHorizontalScroll(1280, 'integration');
    await noHorizontalScroll(400, 'integration');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.selectOption('#integration', first);
    await shows(first, 'Первая');
    expect(address()).to.deep.equal({ account: accountId, integration: first });
    await page.goBack();
    await shows(second, 'Вторая');
    expect(address()).to.deep.equal({ account: accountId, integration: second });
    await page.goForward();
    await shows(first, 'Первая');

    // Another account is a history entry too; back returns to the account and integration before it.
    await page.selectOption('#account', otherAccount);
    await shows(otherIntegration, 'Чужая');
    expect(address()).to.deep.equal({ account: otherAccount, integration: otherIntegration });
    await page.goBack();
    await shows(first, 'Первая');
    expect([await page.inputValue('#account'), address()]).to.deep.equal([
      accountId,
      { account: accountId, integration: first },
    ]);
  });

  it('a bare / names the first integration; «Новая интеграция» is ?integration=new until saved, then its id', async () => {
    await page.goto(`${consoleUrl}/`);
    await page.waitForSelector('body[data-ready=true]');
    await shows(first, 'Первая');
    expect(address()).to.deep.equal({ account: accountId, integration: first });

    await page.click('#new-integration');
    expect(address()).to.deep.equal({ account: accountId, integration: 'new' });
    expect(await page.isHidden('#integration-id-box')).to.equal(true);
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.inputValue('#integration')).to.equal('');
    await page.fill('#name', 'Третья');
    await page.fill('#apiKey', newKey);
    await page.selectOption('#defaultEmployeeId', catalog.employeeId);
    await page.check('input[name=trafficType][value=source]');
    await page.selectOption('#defaultSourceId', catalog.sourceId);
    await page.selectOption('#defaultSiteId', catalog.siteId);
    await page.click('#save');
    await page.locator('#save-result', { hasText: /^Сохранено$/ }).waitFor();
    const created = await t.db.carrotQuestIntegration.findFirstOrThrow({ where: { name: 'Третья' } });
    await shows(created.id, 'Третья');
    expect(address()).to.deep.equal({ account: accountId, integration: created.id });
    // The save replaced the «new» entry: back goes to the integration shown before it, not to an empty form.
    await page.goBack();
    await shows(first, 'Первая');
  });

  it('the report opened from an integration keeps it, and «← Настройки интеграции» returns to it', async () => {
    await page.goto(`${consoleUrl}/?account=${accountId}&integration=${second}`);
    await page.waitForSelector('body[data-ready=true]');
    await shows(second, 'Вторая');
    await page.click('#report-link');
    await page.waitForSelector('body[data-report=ready]');
    expect(await page.inputValue('#integration')).to.equal(second);
    expect(address()).to.deep.include({ account: accountId, integration: second });
    expect(address()).to.have.keys('account', 'integration', 'from', 'to', 'dimension', 'timeZone');
    await noHorizontalScroll(1280, 'report');
    await noHorizontalScroll(400, 'report');
    await page.setViewportSize({ width: 1280, height: 900 });

    // A reload keeps the report's period and integration.
    await page.fill('#from', '2026-11-01');
    await page.click('#show');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('from') === '2026-11-01');
    await page.reload();
    await page.waitForSelector('body[data-report=ready]');
    expect([await page.inputValue('#integration'), await page.inputValue('#from')]).to.deep.equal([
      second,
      '2026-11-01',
    ]);

    // «Все интеграции» still leads back to the integration the report was opened for.
    await page.selectOption('#integration', '');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('integration'));
    await page.click('#settings-link');
    await page.waitForSelector('body[data-ready=true]');
    await shows(second, 'Вторая');
    expect(address()).to.deep.equal({ account: accountId, integration: second });
  });
});

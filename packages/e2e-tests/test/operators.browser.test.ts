import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  insertIntegration,
  requireEnv,
  startApps,
  type AppProcess,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { launchHeadlessChromium } from './headless-chromium';

declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

const PASSWORD = 'operators-browser-password';
const KEY = `app.4821.${randomUUID()}`;

// Issue #23 «Сотрудники» in a real browser: the integration's operators are read from CarrotQuest's
// channels with «Обновить из CarrotQuest», a suggested employee is accepted with one click, another
// operator is given an employee from the list, and after a reload the page shows both as saved.
describe('«Сотрудники» on the integration page in a real browser', function () {
  this.timeout(120_000);
  const fake = new FakeCarrotQuest();
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let apps: AppProcess[] = [];
  let browser: Browser | undefined;
  let page: Page;
  let consoleUrl = '';
  const employee = { smirnov: '', maria: '' };

  before(async () => {
    t = await createTestDatabase('opsb');
    await fake.start();
    fake.addApp(KEY);
    fake.setOperators(KEY, [
      { id: '5521', name: 'Алексей Смирнов' },
      { id: '5530', name: 'Маша' },
    ]);
    const secretsKey = randomBytes(32).toString('base64');
    fx = await insertIntegration(t.db, new SecretBox(secretsKey), KEY, 'Сайт', {
      employees: [
        { name: 'Смирнов Алексей', comagicId: 41 },
        { name: 'Мария Иванова', comagicId: 42 },
      ],
    });
    const rows = await t.db.employee.findMany({ where: { accountId: fx.accountId }, orderBy: { comagicId: 'asc' } });
    [employee.smirnov, employee.maria] = rows.map((r) => r.id) as [string, string];
    apps = await startApps([
      {
        name: 'console',
        env: {
          REDIS_URL: requireEnv('REDIS_URL'),
          DATABASE_URL: t.url,
          SECRETS_KEY: secretsKey,
          QUEUE_PREFIX: `opsb-${randomUUID().slice(0, 8)}`,
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

  after(async () => {
    await browser?.close();
    await Promise.all(apps.map((app) => app.stop()));
    await fake.stop();
    await t?.drop();
  });

  const open = async () => {
    await page.goto(`${consoleUrl}/?account=${fx.accountId}&integration=${fx.integrationId}`);
    await page.waitForSelector('body[data-ready=true]');
  };
  const row = (carrotAdminId: string) => page.locator(`#operators tr[data-operator="${carrotAdminId}"]`);
  const chosen = (carrotAdminId: string) => row(carrotAdminId).locator('select').inputValue();

  it('lists the operators read from CarrotQuest, with the suggestion', async () => {
    await open();
    await page.locator('#operators-panel:not([hidden])').waitFor();
    expect(await page.isVisible('#operators-empty')).to.equal(true);

    await page.click('#operators-refresh');
    await page.locator('#operators-status', { hasText: 'Операторов в каналах CarrotQuest: 2' }).waitFor();
    expect(await page.locator('#operators tbody tr').count()).to.equal(2);
    expect(await row('5521').locator('td').first().textContent()).to.contain('Алексей Смирнов');
    expect(await chosen('5521')).to.equal('');
    expect(await row('5521').locator('select option:checked').textContent()).to.equal('Сотрудник по умолчанию');
    expect(await row('5521').locator('.operator-suggestion').textContent()).to.contain(
      'Похоже: Смирнов Алексей (совпадает имя)',
    );
    // "Маша" matches no employee: nothing is suggested.
    expect(await row('5530').locator('.operator-suggestion').count()).to.equal(0);
  });

  it('accepts the suggestion with one click and saves a choice from the list', async () => {
    await row('5521').locator('button.accept-suggestion').click();
    await page.locator('#operators-status', { hasText: 'Сохранено' }).waitFor();
    expect(await chosen('5521')).to.equal(employee.smirnov);
    expect(await row('5521').locator('.operator-suggestion').count()).to.equal(0);

    await row('5530').locator('select').selectOption(employee.maria);
    await page.locator('#operators-status', { hasText: 'Сохранено' }).waitFor();
    const stored = await t.db.carrotQuestOperator.findMany({
      where: { integrationId: fx.integrationId },
      orderBy: { carrotAdminId: 'asc' },
    });
    expect(stored.map((o) => [o.carrotAdminId, o.employeeId])).to.deep.equal([
      ['5521', employee.smirnov],
      ['5530', employee.maria],
    ]);
  });

  it('shows the saved mapping after a reload', async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    await row('5530').waitFor();
    expect(await chosen('5521')).to.equal(employee.smirnov);
    expect(await chosen('5530')).to.equal(employee.maria);
    expect(await row('5530').locator('select option:checked').textContent()).to.equal('Мария Иванова');
    await page.locator('#operators-panel').screenshot({ path: '/tmp/carrot-bridge-operators.png' });
    await page.setViewportSize({ width: 400, height: 800 });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      'no horizontal scroll at 400 px',
    ).to.be.at.most(0);
  });
});

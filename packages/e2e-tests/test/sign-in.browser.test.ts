import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@carrot-bridge/secrets';
import { seedAccount, seedAccountCatalog, waitFor, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

const CONSOLE_PASSWORD = 'browser-test-password';
const PASSWORD = 'пароль владельца 2025';
const OWNER = 'owner@example.com';
const VIEWER = 'viewer@example.com';

// Issue #24: people sign in on the Russian sign-in page in a real browser (Debian chromium, headless)
// against the real console, ingress and worker. An owner sets the integration up and saves it; a viewer
// of the same account sees it read-only (fields disabled, no save button) and the server refuses their
// writes anyway; each sees only their own accounts and signs out.
describe('sign-in and roles in a real browser', function () {
  const stack = new BrowserStack(CONSOLE_PASSWORD);
  const apiKey = `app.4821.${randomUUID()}`;
  let catalog: AccountCatalog;
  let consoleUrl = '';
  const contexts: BrowserContext[] = [];

  /** A browser of its own (no basic-auth password, no cookie) on the sign-in page. */
  async function freshPage(): Promise<Page> {
    const context = await stack.browser!.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return context.newPage();
  }

  async function signIn(email: string, password: string): Promise<Page> {
    const page = await freshPage();
    await page.goto(consoleUrl);
    expect(page.url(), 'a browser without a session lands on the sign-in page').to.equal(`${consoleUrl}/sign-in`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('#sign-in-submit');
    await page.waitForURL(`${consoleUrl}/`);
    await page.waitForSelector('body[data-ready=true]');
    return page;
  }

  before(async function () {
    await stack.start('sign_in_browser');
    consoleUrl = stack.consoleUrl;
    stack.fake.addFixtureChats(apiKey);
    catalog = await seedAccountCatalog(stack.t.db, {
      name: 'Магазин',
      sources: [{ name: 'Direct', group: 'Прямые заходы' }],
      employees: [{ name: 'Алексей Смирнов' }],
    });
    // Someone else's account: neither person may see it in the list.
    await seedAccount(stack.t.db, { name: 'Чужой аккаунт' });
    const passwordHash = await hashPassword(PASSWORD);
    for (const [email, role] of [
      [OWNER, 'owner'],
      [VIEWER, 'viewer'],
    ] as const) {
      const person = await stack.t.db.person.create({ data: { email, passwordHash } });
      await stack.t.db.membership.create({ data: { personId: person.id, accountId: catalog.accountId, role } });
    }
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await stack.stop();
  });

  it('refuses a wrong password on the sign-in page, in Russian, without saying which part was wrong', async () => {
    const page = await freshPage();
    await page.goto(`${consoleUrl}/sign-in`);
    await page.fill('#email', OWNER);
    await page.fill('#password', 'не тот пароль');
    await page.click('#sign-in-submit');
    await page.locator('#sign-in-error', { hasText: 'Неверный e-mail или пароль' }).waitFor();
    expect(page.url()).to.equal(`${consoleUrl}/sign-in`);
    expect(await page.inputValue('#password')).to.equal('');
    await page.screenshot({ path: '/tmp/carrot-bridge-sign-in-refused.png' });
  });

  it('lets the owner set the integration up and save it; the header names them', async () => {
    const page = await signIn(OWNER, PASSWORD);
    expect(await page.textContent('#session-email')).to.equal(OWNER);
    expect(await page.isVisible('#sign-out')).to.equal(true);
    expect(await page.isVisible('#sign-out-everywhere')).to.equal(true);
    expect(await page.$$eval('#account option', (o) => o.map((x) => x.textContent))).to.deep.equal([
      '— аккаунт —',
      'Магазин',
    ]);
    expect(await page.isVisible('#read-only-notice')).to.equal(false);
    expect(await page.isVisible('#save')).to.equal(true);
    expect(await page.isEnabled('#apiKey')).to.equal(true);

    await page.check('#active');
    await page.fill('#apiKey', apiKey);
    await page.selectOption('#defaultEmployeeId', catalog.employeeId);
    await page.check('input[name=trafficType][value=source]');
    await page.selectOption('#defaultSourceId', catalog.sourceId);
    await page.selectOption('#defaultSiteId', catalog.siteId);
    await page.click('#save');
    await page.waitForSelector('#webhook-filled:not([hidden])');
    await page.screenshot({ path: '/tmp/carrot-bridge-owner.png', fullPage: true });
    const saved = await stack.t.db.carrotQuestIntegration.count({ where: { accountId: catalog.accountId } });
    expect(saved).to.equal(1);
  });

  it('shows the viewer the same integration read-only, and the server refuses their writes', async () => {
    const page = await signIn(VIEWER, PASSWORD);
    expect(await page.textContent('#session-email')).to.equal(VIEWER);
    expect(await page.$$eval('#account option', (o) => o.map((x) => x.textContent))).to.deep.equal([
      '— аккаунт —',
      'Магазин',
    ]);
    await page.waitForSelector('#webhook-filled:not([hidden])');
    expect(await page.isVisible('#read-only-notice')).to.equal(true);
    for (const button of [
      '#save',
      '#rotate-webhook',
      '#check-key',
      '#add-mapping',
      '#new-integration',
      '#cabinet-connect',
    ])
      expect(await page.isVisible(button), button).to.equal(false);
    for (const field of ['#name', '#apiKey', '#active', '#defaultEmployeeId', '#defaultSourceId', '#cabinet-token'])
      expect(await page.isDisabled(field), field).to.equal(true);
    // What a viewer may do stays: read the settings, copy the webhook URL.
    expect(await page.isChecked('#active')).to.equal(true);
    expect(await page.isVisible('#copy-webhook')).to.equal(true);
    await page.screenshot({ path: '/tmp/carrot-bridge-viewer.png', fullPage: true });

    // The page only hides the buttons: the API itself refuses the viewer's write.
    const integrationId = await page.inputValue('#integration');
    const status = await page.evaluate(
      ([accountId, id]) =>
        fetch(`/api/accounts/${accountId}/integrations/${id}/deactivate`, { method: 'POST' }).then((r) => r.status),
      [catalog.accountId, integrationId] as const,
    );
    expect(status).to.equal(403);
    const integration = await stack.t.db.carrotQuestIntegration.findFirstOrThrow({ where: { id: integrationId } });
    expect(integration.active).to.equal(true);
  });

  it('signs out: back on the sign-in page, and the page needs a sign-in again', async () => {
    const page = await signIn(VIEWER, PASSWORD);
    await page.click('#sign-out');
    await page.waitForURL(`${consoleUrl}/sign-in`);
    await page.goto(consoleUrl);
    expect(page.url()).to.equal(`${consoleUrl}/sign-in`);
    expect(await page.context().cookies()).to.deep.equal([]);
  });

  it('signs out everywhere: another browser of the same person is sent to the sign-in page', async () => {
    const first = await signIn(OWNER, PASSWORD);
    const second = await signIn(OWNER, PASSWORD);
    await first.click('#sign-out-everywhere');
    await first.waitForURL(`${consoleUrl}/sign-in`);
    // The other browser's next request is refused; its page goes to the sign-in page by itself.
    await second.selectOption('#account', catalog.accountId);
    // Polled, not waitForURL: a navigation the page starts while another is loading aborts that one.
    await waitFor(
      'the other browser on the sign-in page',
      async () => second.url() === `${consoleUrl}/sign-in` || undefined,
    );
  });
});

import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@carrot-bridge/secrets';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

const PASSWORD = 'пароль владельца 2025';
const OWNER = 'owner@tokens.example';
const EDITOR = 'editor@tokens.example';

// Issue #24: «Доступ по API» on the integration page in a real browser (Debian chromium, headless) against
// the real console: an owner creates a token, sees it once, the tracker uses it, the owner revokes it and
// it stops at once; an editor does not see the panel at all.
describe('«Доступ по API» in a real browser', function () {
  const stack = new BrowserStack('browser-test-password');
  let catalog: AccountCatalog;
  const contexts: BrowserContext[] = [];

  /** Signs in; `tokensAnswer` resolves with the status the page's own GET .../api-tokens got. */
  async function signIn(email: string): Promise<Page & { tokensAnswer?: Promise<number> }> {
    const context = await stack.browser!.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.consoleUrl}/sign-in`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    const tokensAnswer = page
      .waitForResponse((r) => r.url().endsWith('/api-tokens') && r.request().method() === 'GET')
      .then((r) => r.status());
    await page.click('#sign-in-submit');
    await page.waitForURL(`${stack.consoleUrl}/`);
    await page.waitForSelector('body[data-ready=true]');
    return Object.assign(page, { tokensAnswer });
  }

  /** What the tracker does with the token: one session, over plain HTTP, no browser involved. */
  const upload = (token: string) =>
    fetch(`${stack.consoleUrl}/api/accounts/${catalog.accountId}/visitor-sessions/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sessions: [{ externalId: 'tracker-1', siteId: catalog.siteId, startedAt: '2026-03-01T08:00:00Z' }],
      }),
    }).then((r) => r.status);

  before(async function () {
    await stack.start('api_tokens_browser');
    catalog = await seedAccountCatalog(stack.t.db, { name: 'Магазин' });
    const passwordHash = await hashPassword(PASSWORD);
    for (const [email, role] of [
      [OWNER, 'owner'],
      [EDITOR, 'editor'],
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

  it('an owner creates a token, sees it once, and revokes it: the tracker is refused at once', async () => {
    const page = await signIn(OWNER);
    await page.waitForSelector('#api-tokens-panel:not([hidden])');
    expect(await page.isVisible('#api-tokens-empty')).to.equal(true);
    await page.fill('#api-token-name', 'Трекер');
    await page.check('#api-token-scopes input[value="sessions:write"]');
    await page.click('#api-token-submit');
    await page.waitForSelector('#api-token-new:not([hidden])');
    const token = await page.inputValue('#api-token-value');
    expect(token).to.match(/^cbt_[A-Za-z0-9_-]{43}$/);
    const row = page.locator('#api-tokens tbody tr');
    await row.first().waitFor();
    expect(await row.count()).to.equal(1);
    expect(await row.first().innerText())
      .to.include('Трекер')
      .and.include(`…${token.slice(-4)}`);
    expect(await row.first().innerText()).not.to.include(token);
    await page.screenshot({ path: '/tmp/carrot-bridge-api-tokens.png', fullPage: true });
    expect(await upload(token)).to.equal(200);

    // Once: after a reload the token is nowhere on the page.
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('#api-tokens-panel:not([hidden])');
    expect(await page.content()).not.to.include(token);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#api-tokens tbody tr button');
    await page.locator('#api-tokens tbody tr', { hasText: 'отозван' }).waitFor();
    expect(await upload(token)).to.equal(401);
  });

  it('refuses a token without a scope, in Russian, in the panel', async () => {
    const page = await signIn(OWNER);
    await page.waitForSelector('#api-tokens-panel:not([hidden])');
    await page.fill('#api-token-name', 'без прав');
    await page.click('#api-token-submit');
    await page.locator('#api-tokens-error', { hasText: 'Выберите хотя бы одно право' }).waitFor();
    expect(await page.isVisible('#api-token-new')).to.equal(false);
  });

  it("an editor does not see the panel (tokens are the owners')", async () => {
    const page = await signIn(EDITOR);
    expect(await page.tokensAnswer).to.equal(403);
    expect(await page.isVisible('#api-tokens-panel')).to.equal(false);
    expect(await page.textContent('#api-tokens-error')).to.equal('');
  });
});

import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@carrot-bridge/secrets';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

// The little of the DOM the page-side checks read (this package compiles without the DOM's types).
declare const document: {
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
};

const CONSOLE_PASSWORD = 'browser-test-password';
const PASSWORD = 'пароль наблюдателя 2025';
const VIEWER = 'viewer@audit.example';
const CQ_KEY = 'app.1.audit-browser-key';

// Issue #24 item 5: «Журнал действий» on the integration page in a real browser (Debian chromium,
// headless) against the real console: the operator's change is there with its author, the filters by
// person and by kind narrow it, «Показать ещё» pages back; a viewer of the account reads it too.
describe('«Журнал действий» in a real browser', function () {
  const stack = new BrowserStack(CONSOLE_PASSWORD);
  let catalog: AccountCatalog;
  const contexts: BrowserContext[] = [];

  const rows = (page: Page) => page.locator('#audit-events tbody tr');
  /** Waits for `count` rows, every one of `action` when given (the answer to the last filter, not an earlier one). */
  const rowsShown = (page: Page, count: number, action?: string) =>
    page.waitForFunction(
      ([n, only]) => {
        const trs = [...document.querySelectorAll('#audit-events tbody tr')];
        return trs.length === n && (!only || trs.every((tr) => tr.getAttribute('data-action') === only));
      },
      [count, action ?? ''] as const,
    );
  const actions = (page: Page) =>
    rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action') ?? ''));

  before(async function () {
    await stack.start('audit_log_browser');
    stack.fake.addApp(CQ_KEY);
    catalog = await seedAccountCatalog(stack.t.db, { name: 'Магазин' });
    const person = await stack.t.db.person.create({
      data: { email: VIEWER, passwordHash: await hashPassword(PASSWORD) },
    });
    await stack.t.db.membership.create({ data: { personId: person.id, accountId: catalog.accountId, role: 'viewer' } });
    // 40 sign-ins of a colleague, a week ago and older: more than one page of the panel.
    await stack.t.db.auditEvent.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({
        accountId: catalog.accountId,
        actorKind: 'person',
        actorLabel: 'anna@shop.example',
        action: 'session.signed_in',
        at: new Date(Date.now() - (7 + i) * 86_400_000),
      })),
    });
    // The operator's change, through the real API with the operator's basic auth.
    const created = await fetch(`${stack.consoleUrl}/api/accounts/${catalog.accountId}/integrations`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${CONSOLE_PASSWORD}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Сайт', apiKey: CQ_KEY, ...catalog.sourceTrafficDefaults() }),
    });
    expect(created.status).to.equal(201);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await stack.stop();
  });

  it('shows the newest first with its author, filters by person and kind, and pages back', async () => {
    const page = stack.page;
    await page.goto(`${stack.consoleUrl}/?account=${catalog.accountId}`);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('#audit-panel:not([hidden])');
    await rows(page).first().waitFor();
    expect(await rows(page).count()).to.equal(30);
    const newest = await rows(page).first().innerText();
    expect(newest).to.include('Создана интеграция').and.to.include('operator (оператор)');
    expect(newest).not.to.include(CQ_KEY);

    await page.click('#audit-more');
    await rowsShown(page, 41);
    expect(await page.isHidden('#audit-more')).to.equal(true);

    await page.selectOption('#audit-kind', 'integration');
    await rowsShown(page, 1, 'integration.created');
    expect(await actions(page)).to.deep.equal(['integration.created']);
    // A phone: the settings' details (one long JSON word) and ids wrap, nothing of the panel reaches past the screen.
    await page.setViewportSize({ width: 400, height: 800 });
    const overflow = await page.evaluate(
      `[...document.querySelectorAll('#audit-panel, #audit-panel *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth).length`,
    );
    expect(overflow).to.equal(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.selectOption('#audit-kind', '');
    await page.selectOption('#audit-actor', 'anna@shop.example');
    await rowsShown(page, 30, 'session.signed_in');
    expect(new Set(await actions(page))).to.deep.equal(new Set(['session.signed_in']));
    expect(await page.isVisible('#audit-more')).to.equal(true);
  });

  it('a viewer of the account reads the log too', async () => {
    const context = await stack.browser!.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.consoleUrl}/sign-in`);
    await page.fill('#email', VIEWER);
    await page.fill('#password', PASSWORD);
    await page.click('#sign-in-submit');
    await page.waitForURL(`${stack.consoleUrl}/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForSelector('#audit-panel:not([hidden])');
    await rows(page).first().waitFor();
    // Its own sign-in is the newest event now.
    expect(await rows(page).first().innerText())
      .to.include(VIEWER)
      .and.to.include('Вход');
  });
});

import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { seedAccountCatalog, type AccountCatalog } from '@carrot-bridge/test-support';
import { BrowserStack } from './browser-stack';

// The little of the DOM the page-side checks read (this package compiles without the DOM's types).
declare const document: { documentElement: { scrollWidth: number } };

const PASSWORD = 'forms-browser-password';
const SHOTS = '/tmp/shots26';
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

// Issue #26 points 4 and 7 in a real browser: the settings form reports every problem of one save at once,
// each under its field (a mapping row's under its cell), and a long message neither squeezes a select nor
// widens the page; the backfill form says what is wrong with a period under the field it is about.
describe('forms: every error at once, under its field, in a real browser', function () {
  this.timeout(180_000);
  const stack = new BrowserStack(PASSWORD);
  const apiKey = `app.4821.${randomUUID()}`;
  let catalog: AccountCatalog;
  let page: Page;

  /** The error's box starts just under its field's and overlaps it across: "next to its field". */
  const underItsField = async (error: string, field: string) => {
    const [e, f] = [await page.locator(error).boundingBox(), await page.locator(field).boundingBox()];
    expect(e, `${error} is shown`).to.not.equal(null);
    expect(f, `${field} is shown`).to.not.equal(null);
    const gap = e!.y - (f!.y + f!.height);
    expect(gap, `${error} under ${field}`).to.be.within(-1, 24);
    expect(e!.x, `${error} starts across ${field}`).to.be.within(f!.x - 4, f!.x + f!.width);
  };
  const noHorizontalScroll = async (width: number, what: string) => {
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${what} at ${width}px`).to.be.at.most(width);
  };
  const row = (n: number) => `#mappings tbody tr:nth-child(${n})`;
  const rowError = (n: number, field: string) => `${row(n)} [data-row-error=${field}]`;
  const rowField = (n: number, field: string) => `${row(n)} [data-field=${field}]`;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await stack.start('forms_browser', { viewport: { width: 1280, height: 900 } });
    page = stack.page;
    stack.fake.addFixtureChats(apiKey);
    catalog = await seedAccountCatalog(stack.t.db, {
      name: 'Формы',
      sources: [
        { name: 'Direct', group: 'Прямые заходы' },
        { name: 'Telegram', group: 'Мессенджеры' },
      ],
      employees: [{ name: 'Алексей Смирнов' }],
    });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(stack.logs());
  });

  after(() => stack.stop());

  it('an empty name and mapping rows with gaps: every error at once, each under its field, at 1280 and 400 px', async () => {
    await page.goto(stack.consoleUrl);
    await page.waitForSelector('body[data-ready=true]');
    await page.fill('#name', '');
    await page.fill('#apiKey', apiKey);
    await page.selectOption('#defaultEmployeeId', catalog.employeeId);
    await page.check('input[name=trafficType][value=source]');
    await page.selectOption('#defaultSourceId', catalog.sourceId);
    await page.selectOption('#defaultSiteId', catalog.siteId);
    // Row 1 empty; row 2 complete; row 3 the same messenger again, without its source and site.
    for (let i = 0; i < 3; i++) await page.click('#add-mapping');
    await page.selectOption(rowField(2, 'messenger'), 'telegram');
    await page.selectOption(rowField(2, 'sourceId'), catalog.sourceIds[1]!);
    await page.selectOption(rowField(2, 'siteId'), catalog.siteId);
    await page.selectOption(rowField(3, 'messenger'), 'telegram');
    await page.click('#save');
    await page.waitForSelector('[data-error=name]:not(:empty)');

    expect(await page.textContent('[data-error=name]')).to.equal('Обязательное поле');
    expect(await page.textContent(rowError(1, 'messenger'))).to.equal('Выберите мессенджер');
    expect(await page.textContent(rowError(1, 'sourceId'))).to.equal('Обязательное поле');
    expect(await page.textContent(rowError(1, 'siteId'))).to.equal('Обязательное поле');
    expect(await page.textContent(rowError(2, 'messenger'))).to.equal('');
    expect(await page.textContent(rowError(3, 'messenger'))).to.equal('Для этого мессенджера уже есть сопоставление');
    expect(await page.textContent(rowError(3, 'sourceId'))).to.equal('Обязательное поле');
    expect(await page.textContent('#save-result')).to.equal('Исправьте 7 полей');
    expect(await page.content()).not.to.contain('Неверный вариант');

    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await underItsField('[data-error=name]', '#name');
      for (const [n, field] of [
        [1, 'messenger'],
        [1, 'sourceId'],
        [1, 'siteId'],
        [3, 'messenger'],
      ] as const) {
        await underItsField(rowError(n, field), rowField(n, field));
      }
      // The selects keep a readable width beside the longest message (it squeezed them to «— выбе»).
      for (const n of [1, 2, 3])
        for (const field of ['messenger', 'sourceId', 'siteId']) {
          const box = await page.locator(rowField(n, field)).boundingBox();
          expect(box!.width, `row ${n} ${field} at ${width}px`).to.be.at.least(120);
        }
      await noHorizontalScroll(width, 'the settings form with its errors');
      await page.locator('#mappings').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/F-settings-errors-${width}.png`, fullPage: true });
      await page.locator('#mappings').screenshot({ path: `${SHOTS}/F-mappings-errors-${width}.png` });
    }

    // Fixed: a name, the empty row and the duplicate removed; the save goes through.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill('#name', 'Формы');
    await page.click(`${row(3)} button[aria-label="Удалить сопоставление"]`);
    await page.click(`${row(1)} button[aria-label="Удалить сопоставление"]`);
    await page.click('#save');
    await page.waitForSelector('#backfill-panel:not([hidden])');
    expect(await page.textContent('[data-error=name]')).to.equal('');
    expect(await page.locator('.field-invalid').count()).to.equal(0);
  });

  it('the backfill form: no dates, two years, a future period, each said under its field; then a good one starts', async () => {
    const start = async (from: string, to: string) => {
      await page.fill('#backfill-from', from);
      await page.fill('#backfill-to', to);
      await page.click('#backfill-start');
    };
    const cases: Array<[string, string, string, 'from' | 'to', string]> = [
      ['no-dates', '', '', 'from', 'Укажите дату начала'],
      ['two-years', day(-731), day(-1), 'to', 'Период 731 день — больше 366: сократите его'],
      ['future', day(2), day(9), 'from', 'Период в будущем: загружать нечего'],
    ];
    for (const [name, from, to, field, message] of cases) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await start(from, to);
      const error = `[data-backfill-error=${field}]`;
      await page.locator(error, { hasText: message }).waitFor();
      const other = field === 'from' ? 'to' : 'from';
      expect(await page.textContent(`[data-backfill-error=${other}]`), name).to.equal('');
      expect(await page.textContent('#backfill-error'), name).to.equal('');
      expect(await page.textContent('#backfill-status'), name).to.equal('');
      for (const width of [1280, 400]) {
        await page.setViewportSize({ width, height: 900 });
        await underItsField(error, `#backfill-${field}`);
        await noHorizontalScroll(width, `the backfill form (${name})`);
        await page.locator('#backfill-panel').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/F-backfill-${name}-${width}.png` });
      }
    }

    await page.setViewportSize({ width: 1280, height: 900 });
    await start(day(-30), day(-1));
    await page.locator('#backfill-status', { hasText: 'просмотрено' }).waitFor();
    expect(await page.textContent('[data-backfill-error=from]')).to.equal('');
    expect(await page.textContent('[data-backfill-error=to]')).to.equal('');
    expect(await page.locator('#backfill-panel .field-invalid').count()).to.equal(0);
    const run = await stack.t.db.backfillState.findFirst();
    expect(run!.periodFrom.toISOString().slice(0, 10)).to.equal(day(-30));
    await page.locator('#backfill-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/F-backfill-started-1280.png` });
  });
  it('the report form: a refused period clears the chart, the table and the dates, its message under «По»', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const account = await stack.t.db.account.findFirstOrThrow();
    await page.goto(`${stack.consoleUrl}/report.html?account=${account.id}`);
    await page.waitForSelector('body[data-report=ready]');
    expect(await page.textContent('#report-summary')).to.contain('Всего чатов');
    // No chats: the chart says so; the table still lists the 30 days.
    expect(await page.isVisible('#chart-empty')).to.equal(true);
    expect(await page.locator('#report-table tbody tr').count()).to.equal(30);

    await page.fill('#from', day(-1));
    await page.fill('#to', day(-40));
    await page.click('#show');
    await page.waitForSelector('body[data-report=failed]');
    expect(await page.textContent('[data-report-error=to]')).to.equal('Конец периода раньше его начала');
    expect(await page.textContent('[data-report-error=from]')).to.equal('');
    expect(await page.textContent('#report-summary')).to.equal('');
    expect(await page.isVisible('#chart-empty')).to.equal(false);
    expect(await page.locator('#chart *').count()).to.equal(0);
    expect(await page.locator('#report-table tr').count()).to.equal(0);
    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 900 });
      await underItsField('[data-report-error=to]', '#to');
      await noHorizontalScroll(width, 'the report form with its error');
      await page.screenshot({ path: `${SHOTS}/F-report-refused-${width}.png` });
    }

    await page.fill('#to', day(-1));
    await page.fill('#from', day(-7));
    await page.click('#show');
    await page.waitForSelector('body[data-report=ready]');
    expect(await page.textContent('[data-report-error=to]')).to.equal('');
    expect(await page.locator('#report-table tbody tr').count()).to.equal(7);
  });
});

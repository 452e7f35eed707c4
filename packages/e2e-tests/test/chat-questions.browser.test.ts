import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
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

const PASSWORD = 'chat-questions-browser-password';
const DAY_MS = 24 * 60 * 60 * 1000;

// Issue #23 in a real browser: a chat is one question of a CarrotQuest conversation. A visitor who came
// back twice is three chats of one conversation; the list marks the later questions, the transcript of
// question 2 says «вопрос 2 из 3 в диалоге» and its link opens question 3; the report splits by employee.
describe('the questions of a conversation on the page, in a real browser', function () {
  this.timeout(120_000);
  const secretsKey = randomBytes(32).toString('base64');
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let apps: AppProcess[] = [];
  let browser: Browser | undefined;
  let page: Page;
  let consoleUrl = '';
  const questions: string[] = [];

  before(async () => {
    t = await createTestDatabase('questions_browser');
    fx = await insertIntegration(t.db, new SecretBox(secretsKey), `app.1.${randomUUID()}`, 'Вопросы', {
      employees: [{ name: 'Анна' }],
    });
    // Three questions over 60 days, each with its own text; imported in one go, so createdAt is the same
    // order as the start.
    const texts = ['Есть ли доставка в Казань?', 'Хочу вернуть заказ', 'Нужен ещё один такой же'];
    for (const [i, text] of texts.entries()) {
      const startedAt = new Date(Date.now() - (60 - 30 * i) * DAY_MS);
      const chat = await t.db.chat.create({
        data: {
          accountId: fx.accountId,
          integrationId: fx.integrationId,
          conversationId: '5500',
          questionId: `g${i + 1}`,
          carrotUserId: '1',
          channel: 'telegram',
          startedAt,
          createdAt: new Date(Date.now() - (3 - i) * 60_000),
          attributionKind: 'default',
          sourceId: fx.sourceId,
          siteId: fx.siteId,
          employeeId: i === 1 ? null : fx.employeeId,
          contactName: `Вопрос ${i + 1}`,
          messagesCount: 1,
          firstVisitorMessage: text,
          messages: {
            create: [{ partId: `p${i + 1}`, sentAt: startedAt, author: 'visitor', partType: 'reply_user', text }],
          },
        },
      });
      questions.push(chat.id);
    }
    const common = {
      REDIS_URL: requireEnv('REDIS_URL'),
      DATABASE_URL: t.url,
      SECRETS_KEY: secretsKey,
      QUEUE_PREFIX: `qb-${randomUUID().slice(0, 8)}`,
    };
    apps = await startApps([{ name: 'console', env: { ...common, CONSOLE_PASSWORD: PASSWORD } }]);
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

  it('marks the later questions in the list; question 2 says its place and its link opens question 3', async () => {
    await page.goto(`${consoleUrl}/?account=${fx.accountId}&integration=${fx.integrationId}`);
    await page.waitForSelector('body[data-ready=true]');
    const item = (i: number) => page.locator(`#chats li[data-chat-id="${questions[i]}"]`);
    await item(0).waitFor();
    expect(await item(0).locator('.kind.question').count()).to.equal(0);
    expect(await item(1).locator('.kind.question').textContent()).to.equal('вопрос 2/3');
    expect(await item(2).locator('.kind.question').textContent()).to.equal('вопрос 3/3');

    await item(1).locator('button.chat-open').click();
    const line = page.locator('#transcript-questions');
    await line.locator('.question-position', { hasText: 'вопрос 2 из 3 в диалоге' }).waitFor();
    expect(await page.textContent('#transcript-title')).to.equal('Вопрос 2');
    expect(await page.textContent('#transcript-messages')).to.contain('Хочу вернуть заказ');
    const links = line.locator('button.chat-open');
    expect((await links.allTextContents()).map((text) => text.replace(/ от .*/, ''))).to.deep.equal([
      'вопрос 1',
      'вопрос 3',
    ]);
    await page.locator('#transcript').screenshot({ path: '/tmp/carrot-bridge-question-2.png' });

    await line.locator(`button[data-chat-id="${questions[2]}"]`).click();
    await page.locator('#transcript-title', { hasText: /^Вопрос 3$/ }).waitFor();
    await line.locator('.question-position', { hasText: 'вопрос 3 из 3 в диалоге' }).waitFor();
    expect(await page.textContent('#transcript-messages')).to.contain('Нужен ещё один такой же');
    expect(await page.textContent('#transcript-messages')).not.to.contain('Хочу вернуть заказ');
    await page.locator('#transcript').screenshot({ path: '/tmp/carrot-bridge-question-3.png' });
  });

  it('shows nothing extra for a chat alone in its conversation', async () => {
    const alone = await t.db.chat.create({
      data: {
        accountId: fx.accountId,
        integrationId: fx.integrationId,
        conversationId: '5501',
        carrotUserId: '2',
        channel: 'widget',
        startedAt: new Date(),
        attributionKind: 'default',
        sourceId: fx.sourceId,
        siteId: fx.siteId,
        contactName: 'Один вопрос',
      },
    });
    await page.click('#transcript-close');
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    const item = page.locator(`#chats li[data-chat-id="${alone.id}"]`);
    await item.waitFor();
    expect(await item.locator('.kind.question').count()).to.equal(0);
    await item.locator('button.chat-open').click();
    await page.locator('#transcript-title', { hasText: /^Один вопрос$/ }).waitFor();
    expect(await page.isVisible('#transcript-questions')).to.equal(false);
  });

  it('the report splits the questions by employee, «Без сотрудника» for those without', async () => {
    // Анна answered questions 1 and 3; question 2 and the lone chat have no employee.
    const from = new Date(Date.now() - 61 * DAY_MS).toISOString().slice(0, 10);
    await page.goto(`${consoleUrl}/report.html?account=${fx.accountId}&from=${from}&dimension=employee`);
    await page.waitForSelector('body[data-report=ready]');
    const head = await page.locator('#report-table thead th').allTextContents();
    expect(head).to.deep.equal(['День', 'Анна', 'Без сотрудника', 'Итого']);
    expect(await page.locator('#report-table tfoot td').allTextContents()).to.deep.equal(['2', '2', '4']);
    await page.screenshot({ path: '/tmp/carrot-bridge-report-employee.png', fullPage: true });
  });
});

// `pnpm demo`: a CarrotQuest simulator playing realistic traffic against the running stack
// (`pnpm start` in another terminal). It serves the fake CarrotQuest API, points a demo integration of
// the demo account at it through the console's admin API, sends webhooks to the ingress, waits until
// the worker has imported them and prints what arrived, by attribution kind.
// Settings (the environment, then .env): CONSOLE_URL, else http://localhost:CONSOLE_PORT as `pnpm start`
// prints it; CONSOLE_USER / CONSOLE_PASSWORD; DEMO_CQ_PORT (a free port unless set). Webhooks go to the
// URL the console gives the integration (PUBLIC_BASE_URL, by default the ingress at INGRESS_PORT).
import { buildResolvedWebhookBody, FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { loadDotEnv } from '@carrot-bridge/config';
import { SESSION_PROPS } from '@carrot-bridge/domain';
import { DEMO } from '../prisma/demo-account';
import { consoleApi } from './demo/console-api';
import { MISSING, resultRow, type DemoChat, type Expectation } from './demo/result-row';
import { ReturningVisitor } from './demo/returning-visitor';

loadDotEnv();
const cq = consoleApi(process.env);
const { api } = cq;
const API_KEY = 'demo.carrot-bridge.simulator-key';
const INTEGRATION_NAME = 'Демо: симулятор CarrotQuest';

interface Case extends Expectation {
  conversationId: string;
  userId: string;
  deliveries: number;
}

const source = (name: string) => DEMO.sources.find((s) => s.name === name)!.id;
const site = DEMO.sites[0]!.id;
const run = Date.now() % 1_000_000;
const conversationId = (n: number) => String(900_000_000 + run * 100 + n);
const userId = (n: number) => String(1_900_000_000 + run * 100 + n);

const fake = new FakeCarrotQuest({ port: Number(process.env.DEMO_CQ_PORT ?? 0), latencyMs: 20 });
let exitCode = 0;
try {
  await fake.start();
  fake.addApp(API_KEY);
  console.log(`demo: fake CarrotQuest at ${fake.baseUrl}`);

  const settings = {
    name: INTEGRATION_NAME,
    active: true,
    apiKey: API_KEY,
    apiBaseUrl: fake.baseUrl,
    trafficType: 'source',
    defaultSourceId: source('Direct'),
    defaultSiteId: site,
    defaultEmployeeId: DEMO.employees[0]!.id,
    taggingEnabled: true,
    tagId: DEMO.tags[0]!.id,
    mappings: [
      { messenger: 'telegram', sourceId: source('Telegram'), siteId: site },
      { messenger: 'whatsapp', sourceId: source('WhatsApp'), siteId: site },
    ],
  };
  const existing = (await api('GET', `/accounts/${DEMO.accountId}/integrations`)).integrations.find(
    (i: { name: string }) => i.name === INTEGRATION_NAME,
  );
  const integration = existing
    ? await api('PUT', `/accounts/${DEMO.accountId}/integrations/${existing.id}`, settings)
    : await api('POST', `/accounts/${DEMO.accountId}/integrations`, settings);
  console.log(`demo: integration ${integration.id}, webhook ${integration.webhookUrl}`);

  const session = (externalId: string) => ({
    [SESSION_PROPS.sessionId]: externalId,
    [SESSION_PROPS.utmContent]: 'demo',
  });
  const cases: Case[] = [];
  const add = (
    label: string,
    kind: Case['kind'],
    deliveries: number,
    scenario: Omit<Parameters<FakeCarrotQuest['addChat']>[1], 'conversationId' | 'userId'>,
  ) => {
    const n = cases.length + 1;
    // Resolved a minute ago: after the seeded sessions started.
    const ids = { conversationId: conversationId(n), userId: userId(n) };
    fake.addChat(API_KEY, { createdAt: Math.floor(Date.now() / 1000) - 60, ...ids, ...scenario });
    cases.push({ label, kind, deliveries, ...ids });
  };
  add('виджет, сессия Яндекс.Директ', 'session', 1, {
    name: 'Ирина Соколова',
    phone: '8 (912) 345-67-89',
    propsCustom: session(DEMO.sessions[0]!.externalId),
    messages: 8,
  });
  add('виджет, сессия Google Ads', 'session', 1, {
    name: 'Олег',
    email: 'Oleg@Example.ru',
    propsCustom: session(DEMO.sessions[1]!.externalId),
    messages: 6,
  });
  add('виджет без сессии', 'default', 1, { name: 'Анна', messages: 4 });
  add('Telegram', 'mapping', 1, { channel: 'telegram', name: 'Pavel', messages: 6 });
  add('WhatsApp', 'mapping', 1, { channel: 'whatsapp', phone: '+7 999 123-45-67', messages: 10 });
  add('ВКонтакте (нет сопоставления)', 'default', 1, { channel: 'vk', name: 'Мария', messages: 4 });
  add('телефон только в тексте', 'default', 1, {
    texts: ['Здравствуйте, нужна доставка', 'Оставьте телефон', 'мой номер 8 912 000 11 22'],
  });
  add('повторная доставка webhook', 'default', 2, { name: 'Дубликат', messages: 4 });
  add('вопрос разрешён дважды', 'default', 1, { name: 'Два вопроса', messages: 4 });
  const returning = new ReturningVisitor(fake, API_KEY, run, conversationId(10), userId(10));
  await returning.seedSessions(cq);
  returning.addFirstQuestion();

  const answers: Record<string, number> = {};
  let sent = 0;
  const post = async (body: string) => {
    const status = await cq.postWebhook(integration.webhookUrl, body);
    answers[status] = (answers[status] ?? 0) + 1;
    sent += 1;
    process.stdout.write(
      `\rdemo: sent ${sent} webhooks (${Object.entries(answers)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})   `,
    );
  };
  const send = (c: Case, eventId: string) =>
    post(buildResolvedWebhookBody({ eventId, conversationId: c.conversationId, userId: c.userId }));
  for (const [index, c] of cases.entries()) {
    for (let d = 0; d < c.deliveries; d += 1) await send(c, String(run * 1000 + index));
  }
  await post(returning.webhookOf(1));
  // The last case's question is resolved a second time, after two more messages.
  const twice = cases.at(-1)!;
  fake.addChat(API_KEY, {
    createdAt: Math.floor(Date.now() / 1000) - 60,
    conversationId: twice.conversationId,
    userId: twice.userId,
    name: 'Два вопроса',
    messages: 6,
  });
  await send(twice, String(run * 1000 + 99));

  const listChats = async (): Promise<DemoChat[]> =>
    (await api('GET', `/accounts/${DEMO.accountId}/chats?integrationId=${integration.id}&limit=200`)).chats;
  /** Polls the chat list until `done` says so or a minute has passed; the last list. */
  const waitFor = async (what: string, done: (chats: DemoChat[]) => boolean): Promise<DemoChat[]> => {
    const deadline = Date.now() + 60_000;
    let chats = await listChats();
    while (!done(chats) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      chats = await listChats();
    }
    if (!done(chats)) process.stdout.write(`\ndemo: gave up waiting for ${what}`);
    return chats;
  };
  // The visitor comes back only once question 1 is in, as it was a month ago.
  await waitFor("the returning visitor's question 1", (chats) => returning.imported(chats, 1));
  returning.addSecondQuestion();
  await post(returning.webhookOf(2));
  process.stdout.write('\n');

  const imported = (chats: DemoChat[]) =>
    cases.filter((c) =>
      chats.some((chat) => chat.conversationId === c.conversationId && (c !== twice || chat.messagesCount === 6)),
    ).length + [1, 2].filter((q) => returning.imported(chats, q as 1 | 2)).length;
  const total = cases.length + 2;
  const chats = await waitFor('every chat', (list) => {
    process.stdout.write(`\rdemo: imported ${imported(list)}/${total}   `);
    return imported(list) === total;
  });
  process.stdout.write('\n\n');

  const results = [
    ...cases.map((c) =>
      resultRow(
        c,
        chats.find((x) => x.conversationId === c.conversationId),
      ),
    ),
    ...returning.rows(chats),
  ];
  const rows = results.map((r) => r.row);
  console.table(rows);
  const byKind = rows.reduce<Record<string, number>>(
    (acc, r) => ({ ...acc, [r.получено]: (acc[r.получено] ?? 0) + 1 }),
    {},
  );
  console.log(
    `sent ${sent} | ${Object.entries(answers)
      .map(([k, v]) => `${k} ${v}`)
      .join(' | ')} | imported ${rows.filter((r) => r.получено !== MISSING).length} | ${Object.entries(byKind)
      .map(([k, v]) => `${k} ${v}`)
      .join(' | ')}`,
  );
  const wrong = results.filter((r) => !r.ok);
  if (wrong.length) {
    console.error(`demo: ${wrong.length} chat(s) not as expected`);
    exitCode = 1;
  } else {
    console.log(`demo: every chat arrived with the expected attribution; see ${cq.consoleUrl}/`);
  }
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await fake.stop();
}
process.exit(exitCode);

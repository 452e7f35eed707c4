// `pnpm demo`: a CarrotQuest simulator playing realistic traffic against the running stack
// (`pnpm start` in another terminal). It serves the fake CarrotQuest API, points a demo integration of
// the demo account at it through the console's admin API, sends webhooks to the ingress, waits until
// the worker has imported them and prints what arrived, by attribution kind.
// Settings (the environment, then .env): CONSOLE_URL, else http://localhost:CONSOLE_PORT as `pnpm start`
// prints it; CONSOLE_USER / CONSOLE_PASSWORD; DEMO_CQ_PORT (a free port unless set). Webhooks go to the
// URL the console gives the integration (PUBLIC_BASE_URL, by default the ingress at INGRESS_PORT).
import { buildResolvedWebhookBody, FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { loadDotEnv, localStack } from '@carrot-bridge/config';
import { SESSION_PROPS } from '@carrot-bridge/domain';
import { DEMO } from '../prisma/demo-account';
import { fetchOrExplain } from './fetch-failure';

loadDotEnv();
const consoleFrom = process.env.CONSOLE_URL?.trim()
  ? 'CONSOLE_URL'
  : `CONSOLE_PORT ${process.env.CONSOLE_PORT?.trim() || '3000, the default'}, as pnpm start prints it`;
const consoleUrl = (process.env.CONSOLE_URL?.trim() || localStack(process.env).consoleUrl).replace(/(?<!\/)\/+$/, '');
const CONSOLE_HINT = `Is \`pnpm start\` running? The console is looked for at ${consoleUrl} (from ${consoleFrom})`;
const WEBHOOK_HINT =
  "The webhook URL is the console's PUBLIC_BASE_URL (default: http://localhost:INGRESS_PORT); is the ingress listening there?";
const auth = `Basic ${Buffer.from(`${process.env.CONSOLE_USER ?? 'admin'}:${process.env.CONSOLE_PASSWORD ?? 'carrot-bridge-dev'}`).toString('base64')}`;
const API_KEY = 'demo.carrot-bridge.simulator-key';
const INTEGRATION_NAME = 'Демо: симулятор CarrotQuest';

/** The answer's JSON, or an error naming the request when something else answered (another service on that port). */
async function jsonOf(response: Response, request: string, hint: string): Promise<any> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      `${request}: HTTP ${response.status} with a body that is not JSON (${JSON.stringify(text.slice(0, 80))}). ${hint}`,
    );
  }
}

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetchOrExplain(
    `${consoleUrl}/api${path}`,
    {
      method,
      headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    },
    CONSOLE_HINT,
  );
  const data =
    response.status === 204
      ? null
      : await jsonOf(response, `${method} ${consoleUrl}/api${path}`, `${CONSOLE_HINT}, and is it the console?`);
  if (!response.ok)
    throw new Error(`${method} ${consoleUrl}/api${path}: HTTP ${response.status} ${JSON.stringify(data)}`);
  return data;
}

interface Case {
  label: string;
  conversationId: string;
  expected: 'session' | 'mapping' | 'default';
  deliveries: number;
}

const source = (name: string) => DEMO.sources.find((s) => s.name === name)!.id;
const site = DEMO.sites[0]!.id;
const run = Date.now() % 1_000_000;
const conversationId = (n: number) => String(900_000_000 + run * 10 + n);
const userId = (n: number) => String(1_900_000_000 + run * 10 + n);

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
    expected: Case['expected'],
    deliveries: number,
    scenario: Parameters<FakeCarrotQuest['addChat']>[1],
  ) => {
    // Resolved a minute ago: after the seeded sessions started.
    fake.addChat(API_KEY, { createdAt: Math.floor(Date.now() / 1000) - 60, ...scenario });
    cases.push({ label, conversationId: scenario.conversationId, expected, deliveries });
  };
  add('виджет, сессия Яндекс.Директ', 'session', 1, {
    conversationId: conversationId(1),
    userId: userId(1),
    name: 'Ирина Соколова',
    phone: '8 (912) 345-67-89',
    propsCustom: session(DEMO.sessions[0]!.externalId),
    messages: 8,
  });
  add('виджет, сессия Google Ads', 'session', 1, {
    conversationId: conversationId(2),
    userId: userId(2),
    name: 'Олег',
    email: 'Oleg@Example.ru',
    propsCustom: session(DEMO.sessions[1]!.externalId),
    messages: 6,
  });
  add('виджет без сессии', 'default', 1, {
    conversationId: conversationId(3),
    userId: userId(3),
    name: 'Анна',
    messages: 4,
  });
  add('Telegram', 'mapping', 1, {
    conversationId: conversationId(4),
    userId: userId(4),
    channel: 'telegram',
    name: 'Pavel',
    messages: 6,
  });
  add('WhatsApp', 'mapping', 1, {
    conversationId: conversationId(5),
    userId: userId(5),
    channel: 'whatsapp',
    phone: '+7 999 123-45-67',
    messages: 10,
  });
  add('ВКонтакте (нет сопоставления)', 'default', 1, {
    conversationId: conversationId(6),
    userId: userId(6),
    channel: 'vk',
    name: 'Мария',
    messages: 4,
  });
  add('телефон только в тексте', 'default', 1, {
    conversationId: conversationId(7),
    userId: userId(7),
    texts: ['Здравствуйте, нужна доставка', 'Оставьте телефон', 'мой номер 8 912 000 11 22'],
  });
  add('повторная доставка webhook', 'default', 2, {
    conversationId: conversationId(8),
    userId: userId(8),
    name: 'Дубликат',
    messages: 4,
  });
  add('вопрос разрешён дважды', 'default', 1, {
    conversationId: conversationId(9),
    userId: userId(9),
    name: 'Два вопроса',
    messages: 4,
  });

  const answers: Record<string, number> = {};
  let sent = 0;
  const send = async (c: Case, eventId: string) => {
    const body = buildResolvedWebhookBody({
      eventId,
      conversationId: c.conversationId,
      userId: userId(Number(c.conversationId.slice(-1))),
    });
    const response = await fetchOrExplain(
      integration.webhookUrl,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      WEBHOOK_HINT,
    );
    const status = ((await jsonOf(response, `POST ${integration.webhookUrl}`, WEBHOOK_HINT)) as { status: string })
      .status;
    answers[status] = (answers[status] ?? 0) + 1;
    sent += 1;
    process.stdout.write(
      `\rdemo: sent ${sent} webhooks (${Object.entries(answers)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})   `,
    );
  };
  for (const [index, c] of cases.entries()) {
    for (let d = 0; d < c.deliveries; d += 1) await send(c, String(run * 100 + index));
  }
  // The last case's question is resolved a second time, after two more messages.
  const twice = cases.at(-1)!;
  fake.addChat(API_KEY, {
    createdAt: Math.floor(Date.now() / 1000) - 60,
    conversationId: twice.conversationId,
    userId: userId(9),
    name: 'Два вопроса',
    messages: 6,
  });
  await send(twice, String(run * 100 + 99));
  process.stdout.write('\n');

  const deadline = Date.now() + 60_000;
  let chats: Array<{
    conversationId: string;
    attributionKind: string;
    messagesCount: number;
    contactPhone: string | null;
  }> = [];
  while (Date.now() < deadline) {
    chats = (await api('GET', `/accounts/${DEMO.accountId}/chats?integrationId=${integration.id}&limit=200`)).chats;
    const done = cases.filter((c) =>
      chats.some((chat) => chat.conversationId === c.conversationId && (c !== twice || chat.messagesCount === 6)),
    ).length;
    process.stdout.write(`\rdemo: imported ${done}/${cases.length}   `);
    if (done === cases.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stdout.write('\n\n');

  const rows = cases.map((c) => {
    const chat = chats.find((x) => x.conversationId === c.conversationId);
    return {
      случай: c.label,
      ожидалось: c.expected,
      получено: chat?.attributionKind ?? '— нет —',
      сообщений: chat?.messagesCount ?? 0,
      телефон: chat?.contactPhone ?? '',
    };
  });
  console.table(rows);
  const byKind = rows.reduce<Record<string, number>>(
    (acc, r) => ({ ...acc, [r.получено]: (acc[r.получено] ?? 0) + 1 }),
    {},
  );
  console.log(
    `sent ${sent} | ${Object.entries(answers)
      .map(([k, v]) => `${k} ${v}`)
      .join(' | ')} | imported ${rows.filter((r) => r.получено !== '— нет —').length} | ${Object.entries(byKind)
      .map(([k, v]) => `${k} ${v}`)
      .join(' | ')}`,
  );
  const wrong = rows.filter((r) => r.получено !== r.ожидалось);
  if (wrong.length) {
    console.error(`demo: ${wrong.length} chat(s) not as expected`);
    exitCode = 1;
  } else {
    console.log(`demo: every chat arrived with the expected attribution; see ${consoleUrl}/`);
  }
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await fake.stop();
}
process.exit(exitCode);

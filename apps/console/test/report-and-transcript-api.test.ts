import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { seedAccount, seedAccountCatalog } from '@carrot-bridge/test-support';
import { ConsoleHarness, AUTH } from './console-harness';

const VALID_KEY = 'app.4821.report-key-5e1a';

// The API behind the «Отчёт» page, the transcript, and a save that reports every problem at once.
describe('report, transcript and form errors (admin API)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  const A = {
    account: randomUUID(),
    site: randomUUID(),
    site2: randomUUID(),
    campaign: randomUUID(),
    campaign2: randomUUID(),
    source: randomUUID(),
    employee: randomUUID(),
  };
  const B = { account: randomUUID() };
  let integrationId = '';
  let chatId = '';

  before(async () => {
    await h.start('report_api');
    h.fake.addApp(VALID_KEY);
    const db = h.t.db;
    // Two sites, so two system campaigns of the same name: the report must tell them apart.
    await seedAccountCatalog(db, {
      id: A.account,
      sites: [
        { id: A.site, domain: 'shop.ru', systemCampaignId: A.campaign },
        { id: A.site2, domain: 'blog.ru', systemCampaignId: A.campaign2 },
      ],
      sources: [{ id: A.source, name: 'Direct' }],
      employees: [{ id: A.employee, name: 'Оператор' }],
    });
    await seedAccount(db, { id: B.account });
    const created = await h.api('POST', `/accounts/${A.account}/integrations`, {
      name: 'R',
      apiKey: VALID_KEY,
      trafficType: 'campaign',
      defaultCampaignId: A.campaign,
      defaultEmployeeId: A.employee,
    });
    expect(created.status).to.equal(201);
    integrationId = created.body.id;
    const chat = (conversationId: string, startedAt: string, campaignId: string, over: Record<string, unknown> = {}) =>
      db.chat.create({
        data: {
          accountId: A.account,
          integrationId,
          conversationId,
          carrotUserId: '1',
          channel: 'widget',
          startedAt: new Date(startedAt),
          attributionKind: 'default',
          campaignId,
          ...over,
        },
      });
    const first = await chat('1', '2026-03-01T08:00:00Z', A.campaign, {
      attributionKind: 'session',
      sessionExternalId: '4411928373',
      utmSource: 'yandex',
      contactName: 'Ирина',
    });
    chatId = first.id;
    await db.chatMessage.createMany({
      data: [
        {
          chatId,
          partId: '1',
          sentAt: new Date('2026-03-01T08:00:00Z'),
          author: 'visitor',
          partType: 'reply_user',
          text: 'Здравствуйте',
        },
        {
          chatId,
          partId: '2',
          sentAt: new Date('2026-03-01T08:01:00Z'),
          author: 'system',
          partType: 'assigned',
          text: null,
        },
        {
          chatId,
          partId: '3',
          sentAt: new Date('2026-03-01T08:02:00Z'),
          author: 'operator',
          partType: 'reply_admin',
          operatorName: 'Алексей',
          text: 'Добрый день',
        },
      ],
    });
    await chat('2', '2026-03-01T22:00:00Z', A.campaign2); // 2 March in Moscow
    await chat('3', '2026-03-02T09:00:00Z', A.campaign2, { channel: 'telegram' });
  });
  after(() => h.stop());

  const report = (query: string) => h.api('GET', `/accounts/${A.account}/reports/chats-per-day?${query}`);

  it('answers chats per day by campaign, each campaign with its site, totals and empty days included', async () => {
    const { status, body } = await report('from=2026-03-01&to=2026-03-03&dimension=campaign');
    expect(status).to.equal(200);
    expect(body).to.deep.include({ timeZone: 'Europe/Moscow', days: ['2026-03-01', '2026-03-02', '2026-03-03'] });
    expect(body.series).to.deep.equal([
      { key: A.campaign2, label: 'Посетители без рекламной кампании — blog.ru', perDay: [0, 2, 0], total: 2 },
      { key: A.campaign, label: 'Посетители без рекламной кампании — shop.ru', perDay: [1, 0, 0], total: 1 },
    ]);
    expect(body.totals).to.deep.equal({ perDay: [1, 2, 0], total: 3 });
    const utc = await report('from=2026-03-01&to=2026-03-03&dimension=channel&timeZone=UTC');
    expect(utc.body.series.map((s: { label: string; perDay: number[] }) => [s.label, s.perDay])).to.deep.equal([
      ['Виджет на сайте', [2, 0, 0]],
      ['Telegram', [0, 1, 0]],
    ]);
  });

  it('filters by integration and keeps to the account: an unknown or foreign integration is 404', async () => {
    expect((await report(`from=2026-03-01&to=2026-03-03&integrationId=${integrationId}`)).body.totals.total).to.equal(
      3,
    );
    expect((await report(`from=2026-03-01&to=2026-03-03&integrationId=${randomUUID()}`)).status).to.equal(404);
    const other = await h.api(
      'GET',
      `/accounts/${B.account}/reports/chats-per-day?from=2026-03-01&to=2026-03-03&integrationId=${integrationId}`,
    );
    expect([other.status, other.body.message]).to.deep.equal([404, 'Интеграция не найдена']);
  });

  it('refuses a bad period, dimension or zone with Russian field errors', async () => {
    const bad = await report('from=2026-03-05&to=2026-03-01&dimension=colour&timeZone=Mars/Olympus');
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(['dimension', 'timeZone']);
    const backwards = await report('from=2026-03-05&to=2026-03-01');
    expect(backwards.body.errors).to.deep.equal([{ field: 'to', message: 'Конец периода раньше его начала' }]);
    const long = await report('from=2025-01-01&to=2026-03-01');
    expect(long.body.errors[0].message).to.equal('Период 425 дней — больше 366: сократите его');
    const missing = await report('');
    for (const e of missing.body.errors) expect(e.message).to.match(/[а-я]/i);
  });

  it('downloads the same table as CSV (attachment, semicolons, BOM, Russian dates)', async () => {
    const response = await fetch(
      `${h.base}/api/accounts/${A.account}/reports/chats-per-day.csv?from=2026-03-01&to=2026-03-02&dimension=attributionKind`,
      { headers: AUTH },
    );
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal(
      'attachment; filename="chats-attributionKind-2026-03-01-2026-03-02.csv"',
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).to.equal(
      'День;По умолчанию;По сессии;Итого\r\n01.03.2026;0;1;1\r\n02.03.2026;2;0;2\r\nИтого;2;1;3\r\n',
    );
  });

  it('names the chats without a campaign so that they do not look like a site’s system campaign', async () => {
    await h.t.db.chat.create({
      data: {
        accountId: A.account,
        integrationId,
        conversationId: '50',
        carrotUserId: '1',
        channel: 'widget',
        startedAt: new Date('2026-05-10T08:00:00Z'),
        attributionKind: 'session',
        campaignId: null,
      },
    });
    await h.t.db.chat.create({
      data: {
        accountId: A.account,
        integrationId,
        conversationId: '51',
        carrotUserId: '1',
        channel: 'widget',
        startedAt: new Date('2026-05-10T09:00:00Z'),
        attributionKind: 'default',
        campaignId: A.campaign2,
      },
    });
    const { status, body } = await report('from=2026-05-10&to=2026-05-10&dimension=campaign');
    expect(status).to.equal(200);
    expect(body.series.map((s: { label: string }) => s.label).sort()).to.deep.equal([
      'Кампания не определена (чат по источнику)',
      'Посетители без рекламной кампании — blog.ru',
    ]);
  });

  it('splits by employee in the table and the CSV, «Без сотрудника» for a chat without one', async () => {
    const question = (questionId: string, startedAt: string, employeeId: string | null) =>
      h.t.db.chat.create({
        data: {
          accountId: A.account,
          integrationId,
          conversationId: '40',
          questionId,
          carrotUserId: '1',
          channel: 'telegram',
          startedAt: new Date(startedAt),
          attributionKind: 'default',
          campaignId: A.campaign,
          employeeId,
        },
      });
    // Two questions of one conversation answered by the employee, and a third nobody was named for.
    await question('g1', '2026-04-10T08:00:00Z', A.employee);
    await question('g2', '2026-04-11T08:00:00Z', A.employee);
    await question('g3', '2026-04-11T09:00:00Z', null);
    const { status, body } = await report('from=2026-04-10&to=2026-04-11&dimension=employee');
    expect(status).to.equal(200);
    expect(body.series).to.deep.equal([
      { key: A.employee, label: 'Оператор', perDay: [1, 1], total: 2 },
      { key: 'none', label: 'Без сотрудника', perDay: [0, 1], total: 1 },
    ]);
    const response = await fetch(
      `${h.base}/api/accounts/${A.account}/reports/chats-per-day.csv?from=2026-04-10&to=2026-04-11&dimension=employee`,
      { headers: AUTH },
    );
    expect(response.headers.get('content-disposition')).to.equal(
      'attachment; filename="chats-employee-2026-04-10-2026-04-11.csv"',
    );
    // text() drops the byte order mark (checked by the CSV test above).
    expect(await response.text()).to.equal(
      'День;Оператор;Без сотрудника;Итого\r\n10.04.2026;1;0;1\r\n11.04.2026;1;1;2\r\nИтого;2;1;3\r\n',
    );
  });

  it('opens a chat with its transcript and the attribution in one sentence; another account gets 404', async () => {
    const { status, body } = await h.api('GET', `/accounts/${A.account}/chats/${chatId}`);
    expect(status).to.equal(200);
    expect(body.messages.map((m: { author: string; text: string | null }) => [m.author, m.text])).to.deep.equal([
      ['visitor', 'Здравствуйте'],
      ['system', null],
      ['operator', 'Добрый день'],
    ]);
    expect(body.attributionExplanation).to.equal(
      'По сессии 4411928373: «Посетители без рекламной кампании» (сайт shop.ru), utm_source=yandex.',
    );
    expect((await h.api('GET', `/accounts/${B.account}/chats/${chatId}`)).status).to.equal(404);
    expect((await h.api('GET', `/accounts/${A.account}/chats/${randomUUID()}`)).status).to.equal(404);
  });

  it('reports every problem of a save at once: the missing key together with the other fields', async () => {
    const result = await h.api('POST', `/accounts/${A.account}/integrations`, {
      name: 'X',
      trafficType: 'source',
      exportBrand: 'uis',
    });
    expect(result.status).to.equal(422);
    expect(result.body.errors.map((e: { field: string }) => e.field)).to.deep.equal([
      'apiKey',
      'defaultEmployeeId',
      'defaultSourceId',
      'defaultSiteId',
      'exportToken',
    ]);
    const update = await h.api('PUT', `/accounts/${A.account}/integrations/${integrationId}`, {
      name: '',
      trafficType: 'campaign',
      apiBaseUrl: 'http://169.254.169.254/x',
    });
    expect(update.body.errors.map((e: { field: string }) => e.field)).to.deep.equal([
      'name',
      'defaultEmployeeId',
      'defaultCampaignId',
      'apiBaseUrl',
    ]);
  });
});

import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ConsoleHarness, AUTH } from './console-harness';

const VALID_KEY = 'app.4821.hostile-key-77aa';
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

/** How a careless importer reads a CSV: rows at line breaks, cells at `separator`, quoting ignored. */
function naiveCells(csv: string, separator: string): string[] {
  return csv
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .flatMap((line) => line.split(separator));
}

/** Whether a spreadsheet would run the cell: its first character past spaces and quotes starts a formula. */
function isFormula(cell: string): boolean {
  const content = cell.replace(/^[ "]*/, '');
  return content.length > 0 && FORMULA_STARTS.includes(content[0]!);
}

// Issue #20: input PostgreSQL cannot take, or that is not this account's, is a 4xx naming the field
// (it was a 500), and the report's CSV stays text for a reader that cuts at any separator.
describe('impossible input to the admin API (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  const A = {
    account: randomUUID(),
    site: randomUUID(),
    campaign: randomUUID(),
    employee: randomUUID(),
    source: randomUUID(),
  };
  const B = { account: randomUUID(), site: randomUUID(), campaign: randomUUID(), employee: randomUUID() };
  let chatOfA = '';
  let chatOfB = '';

  before(async () => {
    await h.start('impossible_input');
    h.fake.addApp(VALID_KEY);
    const db = h.t.db;
    const chats: Record<string, string> = {};
    for (const acc of [A, B]) {
      await db.account.create({ data: { id: acc.account, name: acc === A ? 'A' : 'B' } });
      await db.site.create({
        data: { id: acc.site, accountId: acc.account, domain: `${acc.site}.ru`, siteKey: `key-${acc.site}` },
      });
      await db.campaign.create({
        data: { id: acc.campaign, accountId: acc.account, siteId: acc.site, name: 'Без РК', isSystem: true },
      });
      await db.employee.create({ data: { id: acc.employee, accountId: acc.account, name: 'Оператор' } });
      const created = await h.api('POST', `/accounts/${acc.account}/integrations`, {
        name: 'I',
        apiKey: VALID_KEY,
        trafficType: 'campaign',
        defaultCampaignId: acc.campaign,
        defaultEmployeeId: acc.employee,
      });
      expect(created.status).to.equal(201);
      for (const n of [1, 2]) {
        const chat = await db.chat.create({
          data: {
            accountId: acc.account,
            integrationId: created.body.id,
            conversationId: `c${n}`,
            carrotUserId: '1',
            channel: 'widget',
            startedAt: new Date(`2026-03-0${n}T09:00:00Z`),
            attributionKind: 'default',
            campaignId: acc.campaign,
          },
        });
        chats[`${acc.account}-${n}`] = chat.id;
      }
    }
    chatOfA = chats[`${A.account}-1`]!;
    chatOfB = chats[`${B.account}-1`]!;
  });
  after(() => h.stop());

  const fieldsOf = (body: { errors?: Array<{ field: string }> }) => [
    ...new Set((body.errors ?? []).map((e) => e.field)),
  ];

  describe('F: the CSV against readers that split on commas, semicolons or tabs', () => {
    it('a source named `csv,=1+1,` (and worse) is text in every cell any of them sees', async () => {
      const names = ['csv,=1+1,', '=HYPERLINK("http://evil.example")', 'a;=SUM(1)', 'x, +1', '+79990001122', '@cmd'];
      const sources = [];
      for (const name of names) {
        const created = await h.api('POST', `/accounts/${A.account}/sources`, { name, group: 'g', channel: 'c' });
        expect(created.status, name).to.equal(201);
        sources.push(created.body.id as string);
      }
      await h.t.db.chat.updateMany({ where: { accountId: A.account }, data: { sourceId: sources[0]! } });
      const integration = await h.t.db.chat.findFirstOrThrow({ where: { accountId: A.account } });
      for (const [i, sourceId] of sources.slice(1).entries()) {
        await h.t.db.chat.create({
          data: {
            accountId: A.account,
            integrationId: integration.integrationId,
            conversationId: `csv-${i}`,
            carrotUserId: '1',
            channel: 'widget',
            startedAt: new Date('2026-03-01T10:00:00Z'),
            attributionKind: 'default',
            campaignId: A.campaign,
            sourceId,
          },
        });
      }
      const response = await fetch(
        `${h.base}/api/accounts/${A.account}/reports/chats-per-day.csv?from=2026-03-01&to=2026-03-02&dimension=source`,
        { headers: AUTH },
      );
      expect(response.status).to.equal(200);
      const csv = await response.text();
      for (const separator of [',', ';', '\t']) {
        const cells = naiveCells(csv, separator);
        expect(cells.filter(isFormula), `split on ${JSON.stringify(separator)}`).to.deep.equal([]);
        expect(
          cells.some((cell) => cell.includes('=1+1')),
          'the hostile name is in the file',
        ).to.equal(true);
      }
      // A proper `;` reader still gets the name, with ' only where a formula would start.
      expect(csv).to.include(`"csv,'=1+1,"`);
      expect(csv.split('\r\n')[1]).to.match(/^01\.03\.2026(;\d+)+$/);
    });
  });

  describe('G: 4xx naming the field, not 500', () => {
    it('a report or chat list from year 0 (or 9999) is a 422 on the date', async () => {
      const report = await h.api('GET', `/accounts/${A.account}/reports/chats-per-day?from=0000-01-01&to=0000-01-02`);
      expect(report.status).to.equal(422);
      expect(fieldsOf(report.body)).to.include.members(['from', 'to']);
      const late = await h.api('GET', `/accounts/${A.account}/reports/chats-per-day.csv?from=9999-12-30&to=9999-12-31`);
      expect(late.status).to.equal(422);
      const chats = await h.api('GET', `/accounts/${A.account}/chats?from=0000-01-01T00:00:00Z`);
      expect(chats.status).to.equal(422);
      expect(fieldsOf(chats.body)).to.deep.equal(['from']);
      const backfill = await h.api(
        'POST',
        `/accounts/${A.account}/integrations/${(await h.t.db.carrotQuestIntegration.findFirstOrThrow({ where: { accountId: A.account } })).id}/backfill`,
        { from: '0000-01-01', to: '0000-02-01' },
      );
      expect(backfill.status).to.equal(422);
      expect(fieldsOf(backfill.body)).to.include('from');
    });

    it('timeZone=US/Pacific-New (JavaScript knows it, PostgreSQL does not) is a 422 on timeZone; Asia/Tokyo works', async () => {
      expect(
        () => new Intl.DateTimeFormat('en', { timeZone: 'US/Pacific-New' }),
        'the runtime accepts it, else this test proves nothing',
      ).not.to.throw();
      const report = await h.api(
        'GET',
        `/accounts/${A.account}/reports/chats-per-day?from=2026-03-01&to=2026-03-02&timeZone=US%2FPacific-New`,
      );
      expect(report.status).to.equal(422);
      expect(report.body.errors).to.deep.equal([{ field: 'timeZone', message: 'Неизвестный часовой пояс' }]);
      expect(
        (
          await h.api(
            'GET',
            `/accounts/${A.account}/reports/chats-per-day?from=2026-03-01&to=2026-03-02&timeZone=Asia%2FTokyo`,
          )
        ).status,
      ).to.equal(200);
    });

    it('a NUL in a site domain, any catalog name or an integration field is a 422 on that field', async () => {
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['sites', { domain: 'shop\u0000.ru', siteKey: 'nul-1' }, 'domain'],
        ['sites', { domain: 'nul.ru', siteKey: 'nul\u0000' }, 'siteKey'],
        ['campaigns', { siteId: A.site, name: 'a\u0000' }, 'name'],
        ['sources', { name: 'n', group: '\u0000', channel: 'c' }, 'group'],
        ['employees', { name: 'x\u0000y' }, 'name'],
        ['tags', { name: '\u0000' }, 'name'],
        [
          'integrations',
          {
            name: 'a\u0000',
            apiKey: VALID_KEY,
            trafficType: 'campaign',
            defaultCampaignId: A.campaign,
            defaultEmployeeId: A.employee,
          },
          'name',
        ],
        [
          'integrations',
          {
            name: 'a',
            apiKey: VALID_KEY,
            trafficType: 'campaign',
            defaultCampaignId: A.campaign,
            defaultEmployeeId: A.employee,
            apiBaseUrl: 'https://a.ru/\u0000',
          },
          'apiBaseUrl',
        ],
      ];
      for (const [path, body, field] of cases) {
        const result = await h.api('POST', `/accounts/${A.account}/${path}`, body);
        expect(result.status, `${path} ${field}`).to.equal(422);
        expect(fieldsOf(result.body), `${path} ${field}`).to.deep.equal([field]);
      }
    });

    it('a NUL in a visitor session’s field or id is a 422 on it; in the lookup path a 404', async () => {
      const session = { externalId: 's-1', siteId: A.site, startedAt: '2026-03-01T10:00:00Z' };
      for (const [field, value] of [
        ['externalId', 's\u00001'],
        ['utmSource', 'ya\u0000'],
        ['referrer', '\u0000'],
      ] as const) {
        const result = await h.api('POST', `/accounts/${A.account}/visitor-sessions/bulk`, {
          sessions: [session, { ...session, externalId: 's-2', [field]: value }],
        });
        expect(result.status, field).to.equal(422);
        expect(fieldsOf(result.body)).to.deep.equal([`sessions.1.${field}`]);
      }
      expect(
        (await h.api('POST', `/accounts/${A.account}/visitor-sessions/bulk`, { sessions: [session] })).status,
      ).to.equal(200);
      expect((await h.api('GET', `/accounts/${A.account}/visitor-sessions/s-1`)).status).to.equal(200);
      expect((await h.api('GET', `/accounts/${A.account}/visitor-sessions/s%001`)).status).to.equal(404);
      // A path whose percent-encoding is not UTF-8 (a lone surrogate's bytes): a 400, not a 500.
      const badUrl = await h.api('GET', `/accounts/${A.account}/visitor-sessions/%ED%A0%80`);
      expect(badUrl.status).to.equal(400);
      expect(badUrl.body.status).to.equal('bad_url');
    });

    it('a duplicate siteKey, domain or name is a 409 naming the field', async () => {
      const taken = await h.api('POST', `/accounts/${B.account}/sites`, {
        domain: 'elsewhere.ru',
        siteKey: `key-${A.site}`,
      });
      expect(taken.status).to.equal(409);
      expect(taken.body).to.deep.include({ status: 'conflict' });
      expect(fieldsOf(taken.body)).to.deep.equal(['siteKey']);
      const domain = await h.api('POST', `/accounts/${A.account}/sites`, {
        domain: `${A.site}.ru`,
        siteKey: 'fresh-key',
      });
      expect(domain.status).to.equal(409);
      expect(fieldsOf(domain.body)).to.deep.equal(['domain']);
      for (const kind of ['tags', 'sources']) {
        const body = { name: `dup-${kind}`, group: 'g', channel: 'c' };
        expect((await h.api('POST', `/accounts/${A.account}/${kind}`, body)).status).to.equal(201);
        const again = await h.api('POST', `/accounts/${A.account}/${kind}`, body);
        expect(again.status, kind).to.equal(409);
        expect(fieldsOf(again.body), kind).to.deep.equal(['name']);
      }
      // The same name in another account is no conflict.
      expect((await h.api('POST', `/accounts/${B.account}/tags`, { name: 'dup-tags' })).status).to.equal(201);
    });

    it('no X-Powered-By on Bull Board, its static files, the API or the page', async () => {
      for (const path of ['/admin/queues', '/admin/queues/static/favicon.ico', '/api/accounts', '/']) {
        const response = await fetch(`${h.base}${path}`, { headers: AUTH });
        await response.arrayBuffer();
        expect(response.status, path).to.equal(200);
        expect(response.headers.get('x-powered-by'), path).to.equal(null);
      }
    });

    it('a chat list cursor of another account, or not a chat id, is a 422 on cursor; the account’s own pages on', async () => {
      const foreign = await h.api('GET', `/accounts/${A.account}/chats?cursor=${chatOfB}`);
      expect(foreign.status).to.equal(422);
      expect(fieldsOf(foreign.body)).to.deep.equal(['cursor']);
      const malformed = await h.api('GET', `/accounts/${A.account}/chats?cursor=not-a-chat`);
      expect(malformed.status).to.equal(422);
      expect(fieldsOf(malformed.body)).to.deep.equal(['cursor']);
      expect((await h.api('GET', `/accounts/${A.account}/chats?cursor=${randomUUID()}`)).status).to.equal(422);
      const first = await h.api('GET', `/accounts/${A.account}/chats?limit=1`);
      expect(first.status).to.equal(200);
      const next = await h.api('GET', `/accounts/${A.account}/chats?limit=1&cursor=${first.body.nextCursor}`);
      expect(next.status).to.equal(200);
      expect(next.body.chats.map((c: { id: string }) => c.id)).not.to.include(first.body.chats[0].id);
      expect(chatOfA).to.be.a('string');
    });

    it('other impossible queries and bodies: huge limits, arrays for strings, ids that are not UUIDs, numbers out of range', async () => {
      const answers = await Promise.all([
        h.api('GET', `/accounts/${A.account}/chats?limit=100000`),
        h.api('GET', `/accounts/${A.account}/chats?limit=1e400`),
        h.api('GET', `/accounts/${A.account}/chats?from=2026-01-01T00:00:00Z&from=2026-01-02T00:00:00Z`),
        h.api('GET', `/accounts/${A.account}/chats?integrationId=1%27%3B--`),
        h.api('GET', `/accounts/${A.account}/reports/chats-per-day?from=2026-03-01&to=2026-03-02&integrationId=x`),
        h.api(
          'GET',
          `/accounts/${A.account}/reports/chats-per-day?from=2026-03-01&to=2026-03-02&timeZone=${'A'.repeat(5000)}`,
        ),
        h.api('PUT', `/accounts/${A.account}/tags/${randomUUID()}/comagic-id`, { comagicId: 2 ** 40 }),
        h.api('POST', `/accounts/${A.account}/visitor-sessions/bulk`, {
          sessions: [{ externalId: 'x', siteId: A.site, startedAt: '2026-03-01T10:00:00Z', campaignId: 'not-a-uuid' }],
        }),
        h.api('POST', `/accounts/${A.account}/tags`, { name: ['a', 'b'] }),
        h.api('POST', `/accounts/${A.account}/sites`, [1, 2]),
      ]);
      expect(answers.map((a) => a.status)).to.deep.equal([422, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
      expect((await h.api('GET', `/accounts/${A.account}/chats/not-a-uuid`)).status).to.equal(404);
      expect((await h.api('GET', `/accounts/${A.account}/integrations/${'9'.repeat(40)}`)).status).to.equal(404);
    });
  });
});

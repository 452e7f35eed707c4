import { expect } from 'chai';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { seedAccountCatalog } from '@carrot-bridge/test-support';
import { ConsoleHarness } from './console-harness';

const VALID_KEY = 'app.4821.fuzz-key-31bc';

// Issue #20: random and adversarial bodies and queries to the admin API's write and read routes, on a
// real console over PostgreSQL: whatever a stranger sends is answered 2xx or 4xx, never 500.
describe('admin API fuzz: no 500 for any body or query (real PostgreSQL and Redis)', function () {
  this.timeout(120_000);
  const h = new ConsoleHarness();
  const A = {
    account: randomUUID(),
    site: randomUUID(),
    campaign: randomUUID(),
    employee: randomUUID(),
    tag: randomUUID(),
  };

  before(async () => {
    await h.start('api_fuzz');
    h.fake.addApp(VALID_KEY);
    await seedAccountCatalog(h.t.db, {
      id: A.account,
      // A domain the fuzz also sends: some site creations meet the unique index.
      sites: [{ id: A.site, domain: 'shop.ru', systemCampaignId: A.campaign }],
      employees: [{ id: A.employee, name: 'Оператор' }],
      tags: [{ id: A.tag, name: 'Лид' }],
    });
  });
  after(() => h.stop());

  /** Plausible values, so that some requests pass validation and reach PostgreSQL, where 500s hide. */
  const plausible = fc.constantFrom(
    'shop.ru',
    'Директ',
    'key-1',
    A.site,
    A.campaign,
    A.employee,
    randomUUID(),
    '2026-03-01',
    '2026-03-01T10:00:00Z',
    'Europe/Moscow',
    'campaign',
    'source',
    'telegram',
    'session',
    '20',
    VALID_KEY,
  );
  /** What a stranger sends instead. */
  const hostile = fc.oneof(
    fc.string({
      unit: fc.constantFrom(
        '\u0000',
        '\u0001',
        '\t',
        '\n',
        '\u007f',
        '\u2028',
        'a',
        'Я',
        '😀',
        '\ud800',
        '=',
        '"',
        "'",
        ',',
        ';',
        '%',
        '&',
        '?',
        '#',
        '/',
      ),
      maxLength: 30,
    }),
    fc.constantFrom(
      '0000-01-01',
      '0000-01-01T00:00:00Z',
      '9999-12-31',
      '2026-02-30',
      'US/Pacific-New',
      'Factory',
      '1e400',
      '-1',
      '99999999999',
      'x'.repeat(70_000),
      '',
    ),
    fc.integer(),
    fc.constantFrom(2 ** 53, -0, 1e308, 0.5),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
  const value = fc.oneof({ weight: 2, arbitrary: plausible }, { weight: 3, arbitrary: hostile });
  const body = (keys: string[]) => fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] });
  const queryText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  /**
   * Percent-encodes as a stranger may: a lone surrogate (which encodeURIComponent refuses to write)
   * goes as the invalid UTF-8 bytes %ED%A0%80.
   */
  const uriComponent = (text: string) =>
    [...text]
      .map((ch) => (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff' ? '%ED%A0%80' : encodeURIComponent(ch)))
      .join('');
  const query = (keys: string[]) =>
    fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] }).map((q) =>
      Object.entries(q)
        .map(([k, v]) => `${uriComponent(k)}=${uriComponent(queryText(v))}`)
        .join('&'),
    );

  const base = `/accounts/${A.account}`;
  const request = fc.oneof(
    body(['domain', 'siteKey', 'comagicId']).map((b) => ['POST', `${base}/sites`, b] as const),
    body(['siteId', 'name', 'isSystem', 'comagicId']).map((b) => ['POST', `${base}/campaigns`, b] as const),
    body(['name', 'group', 'channel']).map((b) => ['POST', `${base}/sources`, b] as const),
    body(['name', 'email']).map((b) => ['POST', `${base}/employees`, b] as const),
    body(['name', 'comagicId']).map((b) => ['POST', `${base}/tags`, b] as const),
    body(['comagicId']).map((b) => ['PUT', `${base}/tags/${A.tag}/comagic-id`, b] as const),
    body(['externalId', 'siteId', 'startedAt', 'campaignId', 'utmSource', 'referrer']).map(
      (s) =>
        [
          'POST',
          `${base}/visitor-sessions/bulk`,
          { sessions: [{ siteId: A.site, startedAt: '2026-03-01T10:00:00Z', ...s }] },
        ] as const,
    ),
    body([
      'name',
      'apiKey',
      'trafficType',
      'defaultCampaignId',
      'defaultEmployeeId',
      'phoneRegion',
      'webhookToken',
      'trackerGlobal',
    ]).map((b) => ['POST', `${base}/integrations`, b] as const),
    query(['from', 'to', 'integrationId', 'channel', 'attributionKind', 'limit', 'cursor']).map(
      (q) => ['GET', `${base}/chats?${q}`, undefined] as const,
    ),
    query(['from', 'to', 'dimension', 'integrationId', 'timeZone']).map(
      (q) => ['GET', `${base}/reports/chats-per-day?${q}`, undefined] as const,
    ),
    hostile.map((v) => ['GET', `${base}/visitor-sessions/${uriComponent(queryText(v))}`, undefined] as const),
    body(['email', 'role']).map((b) => ['POST', `${base}/invitations`, b] as const),
    body(['name', 'scopes']).map((b) => ['POST', `${base}/api-tokens`, b] as const),
    query(['actor', 'action', 'before', 'limit']).map((q) => ['GET', `${base}/audit?${q}`, undefined] as const),
    query(['before', 'limit']).map((q) => ['GET', `${base}/personal-data/erasures?${q}`, undefined] as const),
    body(['phone', 'email', 'carrotUserId', 'requestedBy']).map(
      (b) => ['POST', `${base}/personal-data/erasures`, b] as const,
    ),
    body(['days', 'retentionDays']).map((b) => ['PUT', `${base}/personal-data/retention`, b] as const),
    body(['from', 'to']).map((b) => ['POST', `${base}/integrations/${A.site}/backfill`, b] as const),
    query(['state', 'limit', 'cursor']).map(
      (q) => ['GET', `${base}/integrations/${A.site}/jobs?${q}`, undefined] as const,
    ),
    body(['role']).map((b) => ['PATCH', `${base}/people/${A.employee}`, b] as const),
    body(['password']).map((b) => ['POST', `/invitations/${A.tag}/accept`, b] as const),
    hostile.map((v) => ['GET', `${base}/chats/${uriComponent(queryText(v))}`, undefined] as const),
    hostile.map((v) => ['GET', `${base}/personal-data/erasures/${uriComponent(queryText(v))}`, undefined] as const),
    hostile.map(
      (v) => ['POST', `${base}/integrations/${A.site}/jobs/${uriComponent(queryText(v))}/retry`, {}] as const,
    ),
  );

  it('200 random requests: none is answered 500', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(request, async ([method, path, payload]) => {
        const { status, body: answer } = await h.api(method, path, payload);
        statuses.push(status);
        expect(
          status,
          `${method} ${path} ${JSON.stringify(payload)?.slice(0, 300)} → ${JSON.stringify(answer)}`,
        ).to.be.below(500);
      }),
      // No shrinking: at most 200 requests, and the failing one is in the message as sent.
      { numRuns: 200, endOnFailure: true },
    );
    // The run did reach the API: both refusals and writes that went through to PostgreSQL.
    expect(statuses.filter((s) => s >= 400).length).to.be.greaterThan(10);
    expect(statuses.filter((s) => s < 300).length).to.be.greaterThan(0);
  });

  it('refuses a lone UTF-16 surrogate in any field, nested or a key, with 422 naming where it is', async () => {
    // CI's fuzz once drew {"name":"\ud800?"} for a new employee: Prisma refused the whole query, a 500.
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', `${base}/employees`, { name: '\ud800?', email: null }, 'name'],
      ['POST', `${base}/tags`, { name: 'Лид \udfff' }, 'name'],
      [
        'POST',
        `${base}/visitor-sessions/bulk`,
        { sessions: [{ siteId: A.site, startedAt: '2026-03-01T10:00:00Z', utmSource: 'x\ud83d' }] },
        'sessions.0.utmSource',
      ],
      ['POST', `${base}/tags`, { name: 'Лид', ['k\udc00']: 1 }, 'k\udc00'],
      ['POST', '/session', { email: 'a\ud800@example.com', password: 'x' }, 'email'],
    ];
    for (const [method, path, payload, field] of cases) {
      const { status, body: answer } = await h.api(method, path, payload);
      expect(status, `${method} ${path}`).to.equal(422);
      expect(answer.status).to.equal('invalid');
      expect(answer.errors).to.deep.equal([
        {
          field,
          message: 'Текст с одиночной половиной суррогатной пары UTF-16 (\\uD800–\\uDFFF без пары) не принимается',
        },
      ]);
    }
    // A pair (an emoji written as two escapes) is text like any other.
    const emoji = await h.api('POST', `${base}/tags`, '{"name":"Лид \\ud83d\\ude00"}');
    expect(emoji.status).to.equal(201);
    expect(emoji.body.name).to.equal('Лид 😀');
  });
});

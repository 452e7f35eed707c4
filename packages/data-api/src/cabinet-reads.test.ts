import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { DataApiClient } from './data-api-client';
import { DataApiError, DataApiErrorCode } from './data-api-error';

// The catalog and session reads against the fake Data API over real HTTP. Asia/Novosibirsk is UTC+7 all
// year: neither Moscow nor the fake's default.
const ZONE = 'Asia/Novosibirsk';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

describe('DataApiClient reads the cabinet (the fake Data API over HTTP)', () => {
  const fake = new FakeDataApi();
  let client: DataApiClient;
  const now = Math.floor(Date.now() / 1000) * 1000;
  const callsOf = (method: string) => fake.calls.filter((c) => c.method === method).length;

  before(async () => {
    await fake.start();
    fake.addToken('cabinet', { timeZone: ZONE });
    client = new DataApiClient({ url: fake.url, accessToken: 'cabinet', pageSize: 2 });
    fake.addSite({ id: 7, domain: 'shop.example' });
    for (let id = 1; id <= 5; id += 1) fake.addCampaign({ id, name: `Кампания ${id}`, siteId: id === 5 ? null : 7 });
    fake.addSource({ id: 11, name: 'google', group: 'Поисковые системы', channel: 'Органический трафик' });
    fake.addSource({ id: 12, name: 'google', group: 'Google Ads', channel: 'Контекстная реклама' });
    fake.addEmployee({ id: 55, name: 'Иванова Ирина', email: 'irina@example.ru' });
    fake.addTag({ id: 3, name: 'Лид' });
  });
  after(() => fake.stop());

  it('reads every page of a catalog method (limit/offset until a short page)', async () => {
    const before = callsOf('get.campaigns');
    const campaigns = await client.getCampaigns();
    expect(campaigns.map((c) => c.id)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(campaigns[4]).to.deep.equal({ id: 5, name: 'Кампания 5', siteId: null, status: 'active' });
    expect(callsOf('get.campaigns') - before).to.equal(3);
  });

  it('names each source group and channel, so sources of the same name stay apart', async () => {
    expect(await client.getSources()).to.deep.equal([
      { id: 11, name: 'google', group: 'Поисковые системы', channel: 'Органический трафик' },
      { id: 12, name: 'google', group: 'Google Ads', channel: 'Контекстная реклама' },
    ]);
    fake.renameCatalogEntry('source', 12, 'google ads');
    expect((await client.getSources()).map((s) => s.name)).to.deep.equal(['google', 'google ads']);
  });

  it('reads sites, employees and tags with the fields it asked for', async () => {
    expect(await client.getSites()).to.deep.equal([{ id: 7, domain: 'shop.example' }]);
    expect(await client.getEmployees()).to.deep.equal([{ id: 55, name: 'Иванова Ирина', email: 'irina@example.ru' }]);
    expect(await client.getTags()).to.deep.equal([{ id: 3, name: 'Лид' }]);
  });

  it("reads one visitor's sessions in the window, dates on the account's wall clock, exact to the second", async () => {
    const startedAt = new Date(now - 5 * HOUR);
    fake.addCabinetSession({
      id: 7_001,
      visitorId: 42,
      startedAt,
      siteId: 7,
      campaignId: 2,
      sourceId: 11,
      utmSource: 'google',
      utmMedium: 'cpc',
      referrer: 'https://google.com/',
      entrancePage: 'https://shop.example/',
    });
    fake.addCabinetSession({ id: 7_002, visitorId: 43, startedAt, siteId: 7 });
    fake.addCabinetSession({ id: 7_003, visitorId: 42, startedAt: new Date(now - 3 * DAY), siteId: 7 });
    const sessions = await client.getVisitorSessions({
      visitorId: 42,
      from: new Date(now - DAY),
      till: new Date(now),
      timeZone: ZONE,
    });
    expect(sessions).to.deep.equal([
      {
        id: 7_001,
        visitorId: 42,
        startedAt,
        siteId: 7,
        campaignId: 2,
        sourceId: 11,
        utmSource: 'google',
        utmMedium: 'cpc',
        utmCampaign: null,
        utmTerm: null,
        utmContent: null,
        referrer: 'https://google.com/',
        entrancePage: 'https://shop.example/',
      },
    ]);
  });

  it('reads every page of the report', async () => {
    for (let i = 0; i < 5; i += 1)
      fake.addCabinetSession({ id: 8_000 + i, visitorId: 44, startedAt: new Date(now - (10 - i) * HOUR), siteId: 7 });
    const sessions = await client.getVisitorSessions({
      visitorId: 44,
      from: new Date(now - DAY),
      till: new Date(now),
      timeZone: ZONE,
    });
    expect(sessions.map((s) => s.id)).to.deep.equal([8_000, 8_001, 8_002, 8_003, 8_004]);
  });

  it('does not list a session before the cabinet shows it', async () => {
    const query = { visitorId: 45, from: new Date(now - DAY), till: new Date(now), timeZone: ZONE };
    fake.addCabinetSession({
      id: 9_001,
      visitorId: 45,
      startedAt: new Date(now - HOUR),
      siteId: 7,
      visibleAfter: new Date(Date.now() + HOUR),
    });
    expect(await client.getVisitorSessions(query)).to.deep.equal([]);
    fake.addCabinetSession({
      id: 9_001,
      visitorId: 45,
      startedAt: new Date(now - HOUR),
      siteId: 7,
      visibleAfter: new Date(Date.now() - 1),
    });
    expect((await client.getVisitorSessions(query)).map((s) => s.id)).to.deep.equal([9_001]);
  });

  it('refuses a window over 90 days before any call; 90 days exactly is asked', async () => {
    const calls = fake.calls.length;
    const error = await rejection(
      client.getVisitorSessions({
        visitorId: 42,
        from: new Date(now - 90 * DAY - 1000),
        till: new Date(now),
        timeZone: ZONE,
      }),
    );
    expect(error).to.be.instanceOf(RangeError);
    expect(fake.calls.length).to.equal(calls);
    expect(
      await client.getVisitorSessions({
        visitorId: 46,
        from: new Date(now - 90 * DAY),
        till: new Date(now),
        timeZone: ZONE,
      }),
    ).to.deep.equal([]);
    expect(fake.calls.length).to.equal(calls + 1);
  });

  it('refuses a window longer than 90 days on the wall clock though not in elapsed time (a DST change)', async () => {
    // Europe/Berlin enters summer time on 2026-03-29: 90 days of elapsed time from 2026-03-01 00:00 local
    // end at 2026-05-30 01:00 local, 90 days and 1 hour on the wall clock the API reads.
    const from = new Date('2026-02-28T23:00:00Z');
    const error = await rejection(
      client.getVisitorSessions({
        visitorId: 42,
        from,
        till: new Date(from.getTime() + 90 * DAY),
        timeZone: 'Europe/Berlin',
      }),
    );
    expect(error).to.be.instanceOf(RangeError);
  });

  it('refuses a window longer than 90 days in elapsed time though not on the wall clock (a DST change)', async () => {
    // Europe/Berlin leaves summer time on 2026-10-25: from 2026-08-01 00:00 local, 90 days and 30 minutes
    // of elapsed time end at 2026-10-29 23:30 local, under 90 days on the wall clock.
    const from = new Date('2026-07-31T22:00:00Z');
    const error = await rejection(
      client.getVisitorSessions({
        visitorId: 42,
        from,
        till: new Date(from.getTime() + 90 * DAY + 30 * 60_000),
        timeZone: 'Europe/Berlin',
      }),
    );
    expect(error).to.be.instanceOf(RangeError);
  });

  it('probes each component: a method refused with -32008 is reported missing, with the reason', async () => {
    fake.addToken('no-report', { timeZone: ZONE });
    fake.disableComponent('no-report', 'get.visitor_sessions_report');
    const probe = await new DataApiClient({ url: fake.url, accessToken: 'no-report' }).probeComponents();
    expect(probe).to.deep.include({ dataApi: true, uploadChats: true, sessionsReport: false, catalog: true });
    expect(probe.details['get.visitor_sessions_report']).to.contain('method_component_disabled');
    expect(probe.details['get.sites']).to.equal('ok');

    fake.addToken('no-upload', { componentMissing: true });
    fake.disableComponent('no-upload', 'get.sources');
    const other = await new DataApiClient({ url: fake.url, accessToken: 'no-upload' }).probeComponents();
    expect(other).to.deep.include({ dataApi: true, uploadChats: false, sessionsReport: true, catalog: false });
    expect(fake.chats.size).to.equal(0);
  });

  it('throws an outage instead of reporting every component missing', async () => {
    fake.down(true);
    try {
      const error = await rejection(client.probeComponents());
      expect(error).to.be.instanceOf(DataApiError);
      expect((error as DataApiError).code).to.equal(DataApiErrorCode.Unavailable);
    } finally {
      fake.down(false);
    }
  });

  describe('ids past 2^53', () => {
    let server: Server;
    let url = '';
    before(async () => {
      server = createServer((req, res) => {
        req.resume();
        req.on('end', () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"jsonrpc":"2.0","id":1,"result":{"data":[{"id":9007199254740993,"name":"Лид"}]}}'),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2.0`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('are refused as UnexpectedAnswer, never rounded', async () => {
      const error = await rejection(new DataApiClient({ url, accessToken: 't' }).getTags());
      expect(error).to.be.instanceOf(DataApiError);
      expect((error as DataApiError).code).to.equal(DataApiErrorCode.UnexpectedAnswer);
      expect((error as DataApiError).message).to.contain('id is not an exact integer');
    });
  });
});

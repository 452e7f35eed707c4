import { expect } from 'chai';
import { FakeDataApi } from '../src/fake-data-api';

// The fake's get.* methods over raw HTTP, refusing what https://comagic.github.io/data_api/ and each
// method's page say the real one refuses. Asia/Yekaterinburg (the default zone) is UTC+5 all year.
const YEKATERINBURG_OFFSET_MS = 5 * 3_600_000;
const wall = (ms: number) => new Date(ms + YEKATERINBURG_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('FakeDataApi get.* methods follow their pages', () => {
  const fake = new FakeDataApi();
  const now = Math.floor(Date.now() / 1000) * 1000;
  let n = 0;

  const call = async (method: string, params: Record<string, unknown>, token = 'token'): Promise<any> => {
    const response = await fetch(fake.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++n, method, params: { access_token: token, ...params } }),
    });
    return response.json();
  };
  const window = { date_from: wall(now - DAY), date_till: wall(now) };
  const report = (params: Record<string, unknown>) => call('get.visitor_sessions_report', { ...window, ...params });

  before(async () => {
    await fake.start();
    fake.addToken('token');
    fake.addSite({ id: 7, domain: 'shop.example' });
    for (let id = 1; id <= 5; id += 1) fake.addCampaign({ id, name: `Кампания ${id}`, siteId: 7 });
    fake.addSource({ id: 11, name: 'google', group: 'Поисковые системы', channel: 'Органический трафик' });
    fake.addCabinetSession({ id: 501, visitorId: 42, startedAt: new Date(now - 2 * HOUR), siteId: 7, campaignId: 2 });
    fake.addCabinetSession({ id: 502, visitorId: 43, startedAt: new Date(now - HOUR), siteId: 7 });
  });
  after(() => fake.stop());

  it("filters the report by visitor_id and answers date_time on the account's wall clock", async () => {
    const answer = await report({
      filter: { field: 'visitor_id', operator: '=', value: 42 },
      fields: ['id', 'date_time', 'visitor_id', 'campaign_id'],
    });
    expect(answer.error).to.equal(undefined);
    expect(answer.result.data).to.deep.equal([
      { id: 501, date_time: wall(now - 2 * HOUR), visitor_id: 42, campaign_id: 2 },
    ]);
    expect(answer.result.metadata.total_items).to.equal(1);
  });

  it('refuses a filter on a field the page does not mark filterable (id, date_time) with filter_prohibited', async () => {
    for (const field of ['id', 'date_time']) {
      const { error } = await report({ filter: { field, operator: '=', value: 501 } });
      expect(error.code).to.equal(-32602);
      expect(error.data).to.deep.include({ mnemonic: 'filter_prohibited', field: 'filter.field', value: field });
    }
    const nested = await report({
      filter: {
        condition: 'and',
        filters: [
          { field: 'visitor_id', operator: '=', value: 42 },
          { field: 'id', operator: '=', value: 501 },
        ],
      },
    });
    expect(nested.error.data).to.deep.include({ mnemonic: 'filter_prohibited', field: 'filter.filters.1.field' });
    const unknown = await report({ filter: { field: 'session_id', operator: '=', value: 501 } });
    expect(unknown.error.data.mnemonic).to.equal('unexpected_parameters');
  });

  it('refuses a sort on a field the page does not mark sortable with sort_prohibited', async () => {
    const { error } = await report({ sort: [{ field: 'id', order: 'asc' }] });
    expect(error.code).to.equal(-32602);
    expect(error.data).to.deep.include({ mnemonic: 'sort_prohibited', field: 'sort.0.field' });
    const sorted = await report({ sort: [{ field: 'visitor_id', order: 'desc' }], fields: ['id'] });
    expect(sorted.result.data).to.deep.equal([{ id: 502 }, { id: 501 }]);
  });

  it('requires date_from and date_till and refuses more than 90 days (date_interval_limit_reached)', async () => {
    const missing = await call('get.visitor_sessions_report', { date_from: window.date_from });
    expect(missing.error.data).to.deep.include({ mnemonic: 'required_parameter_missed', field: 'date_till' });
    const long = await report({ date_from: wall(now - 90 * DAY - 1000) });
    expect(long.error.code).to.equal(-32602);
    expect(long.error.data.mnemonic).to.equal('date_interval_limit_reached');
    const ninety = await report({ date_from: wall(now - 90 * DAY) });
    expect(ninety.error).to.equal(undefined);
    const badFormat = await report({ date_from: new Date(now - DAY).toISOString() });
    expect(badFormat.error.data).to.deep.include({ mnemonic: 'invalid_parameter_value', field: 'date_from' });
  });

  it('answers the default fields without `fields`: the report has no id nor date_time, get.sources no group_id', async () => {
    const [row] = (await report({ filter: { field: 'visitor_id', operator: '=', value: 42 } })).result.data;
    expect(row).to.include({ visitor_id: 42, site_id: 7, campaign_id: 2 });
    expect(row).not.to.have.any.keys('id', 'date_time');
    const [source] = (await call('get.sources', {})).result.data;
    expect(source).to.include({ id: 11, name: 'google', channel_name: 'Органический трафик' });
    expect(source).not.to.have.any.keys('group_id', 'channel_id');
    const unknownField = await call('get.sites', { fields: ['id', 'url'] });
    expect(unknownField.error.data).to.deep.include({
      mnemonic: 'unexpected_parameters',
      field: 'fields.1',
      value: 'url',
    });
  });

  it('pages with limit and offset, counts total_items, and refuses limit > 10 000 or offset > 100 000', async () => {
    const page = await call('get.campaigns', { limit: 2, offset: 2, fields: ['id'] });
    expect(page.result.data).to.deep.equal([{ id: 3 }, { id: 4 }]);
    expect(page.result.metadata.total_items).to.equal(5);
    expect(page.result.metadata.limits).to.have.property('minute_remaining');
    expect((await call('get.campaigns', { limit: 10_000 })).error).to.equal(undefined);
    expect((await call('get.campaigns', { offset: 100_000 })).error).to.equal(undefined);
    const limit = await call('get.campaigns', { limit: 10_001 });
    expect(limit.error.data).to.deep.include({ mnemonic: 'invalid_parameter_value', field: 'limit' });
    const offset = await call('get.campaigns', { offset: 100_001 });
    expect(offset.error.data).to.deep.include({ mnemonic: 'invalid_parameter_value', field: 'offset' });
  });

  it('lists a session only once its visibleAfter has passed', async () => {
    const filter = { field: 'visitor_id', operator: '=', value: 44 };
    fake.addCabinetSession({
      id: 503,
      visitorId: 44,
      startedAt: new Date(now - HOUR),
      siteId: 7,
      visibleAfter: new Date(Date.now() + HOUR),
    });
    expect((await report({ filter, fields: ['id'] })).result.data).to.deep.equal([]);
    fake.addCabinetSession({ id: 503, visitorId: 44, startedAt: new Date(now - HOUR), siteId: 7 });
    expect((await report({ filter, fields: ['id'] })).result.data).to.deep.equal([{ id: 503 }]);
  });

  it('answers -32008 method_component_disabled for a disabled method, and the account per token', async () => {
    fake.addToken('other', { timeZone: 'Asia/Omsk' });
    fake.setAccount('other', { appId: 9, name: 'Другой' });
    fake.disableComponent('other', 'get.sites');
    const refused = await call('get.sites', {}, 'other');
    expect(refused.error).to.deep.include({ code: -32008 });
    expect(refused.error.data.mnemonic).to.equal('method_component_disabled');
    expect((await call('get.sites', {})).error).to.equal(undefined);
    expect((await call('get.account', {}, 'other')).result.data).to.deep.equal([
      { app_id: 9, name: 'Другой', timezone: 'Asia/Omsk' },
    ]);
  });

  it('stops listing a removed entry and follows a rename', async () => {
    fake.addTag({ id: 1, name: 'Лид' });
    fake.addTag({ id: 2, name: 'Спам' });
    fake.renameCatalogEntry('tag', 1, 'Лид (горячий)');
    fake.removeCatalogEntry('tag', 2);
    expect((await call('get.tags', {})).result.data).to.deep.equal([
      { id: 1, name: 'Лид (горячий)', is_system: false },
    ]);
  });

  it('answers HTTP 503 while down', async () => {
    fake.down(true);
    try {
      const response = await fetch(fake.url, { method: 'POST', body: '{}' });
      expect(response.status).to.equal(503);
    } finally {
      fake.down(false);
    }
  });
});

import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { insertIntegration, type IntegrationFixture } from '@carrot-bridge/test-support';
import { AUTH, ConsoleHarness } from './console-harness';

const KEY = 'app.4821.operators-key';

describe('«Сотрудники» API: operators mapped to employees (real PostgreSQL, fake CarrotQuest)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  let fx: IntegrationFixture;
  let other: IntegrationFixture;
  const employee: Record<'smirnov' | 'maria' | 'anna' | 'gone', string> = {
    smirnov: '',
    maria: '',
    anna: '',
    gone: '',
  };
  const path = (suffix = '', at: IntegrationFixture = fx) =>
    `/accounts/${at.accountId}/integrations/${at.integrationId}/operators${suffix}`;
  const byAdmin = (body: { operators: Array<{ carrotAdminId: string }> }, carrotAdminId: string) =>
    body.operators.find((o) => o.carrotAdminId === carrotAdminId) as Record<string, any>;

  before(async () => {
    await h.start('operators_api');
    h.fake.addApp(KEY);
    h.fake.setOperators(KEY, [
      { id: '5521', name: 'Алексей Смирнов' },
      { id: '5530', name: 'Мария' },
      { id: '777', name: 'anna@shop.example' },
    ]);
    h.fake.setOperators(KEY, [{ id: '9007199254740993', name: 'Бот-помощник' }], '306');
    fx = await insertIntegration(h.t.db, h.secretBox, KEY, 'Операторы', {
      employees: [
        { name: 'Смирнов Алексей Петрович', comagicId: 41 },
        { name: 'Мария Иванова', comagicId: 42 },
        { name: 'Анна', comagicId: 43 },
        { name: 'Мария Уволенная', comagicId: 44 },
      ],
    });
    other = await insertIntegration(h.t.db, h.secretBox, 'app.9.other-key', 'Чужой');
    const rows = await h.t.db.employee.findMany({ where: { accountId: fx.accountId }, orderBy: { comagicId: 'asc' } });
    [employee.smirnov, employee.maria, employee.anna, employee.gone] = rows.map((r) => r.id) as [
      string,
      string,
      string,
      string,
    ];
    await h.t.db.employee.update({ where: { id: employee.anna }, data: { email: 'Anna@Shop.Example' } });
    await h.t.db.employee.update({ where: { id: employee.gone }, data: { removedInCabinetAt: new Date() } });
  });
  after(() => h.stop());
  afterEach(() => h.fake.clearFaults());

  it('lists no operator before any was seen', async () => {
    expect(await h.api('GET', path())).to.deep.include({ status: 200, body: { operators: [] } });
  });

  it('refreshes from the channels’ operators, asking for them, with a suggestion by name or e-mail', async () => {
    const refreshed = await h.api('POST', path('/refresh'));
    expect(refreshed.status).to.equal(200);
    expect(refreshed.body.found).to.equal(4);
    expect(h.fake.requestsTo('/channels').at(-1)?.query).to.include({ include_operators: 'true' });

    const listed = (await h.api('GET', path())).body;
    expect(listed.operators.map((o: { carrotAdminId: string }) => o.carrotAdminId)).to.have.members([
      '5521',
      '5530',
      '777',
      '9007199254740993',
    ]);
    expect(byAdmin(listed, '5521')).to.deep.include({
      name: 'Алексей Смирнов',
      type: 'admin',
      employee: null,
      suggestion: { employeeId: employee.smirnov, employeeName: 'Смирнов Алексей Петрович', matchedBy: 'name' },
    });
    expect(byAdmin(listed, '777').suggestion).to.deep.include({ employeeId: employee.anna, matchedBy: 'email' });
    // "Мария" alone matches no full name; "Мария Уволенная" is removed in the cabinet and never offered.
    expect(byAdmin(listed, '5530').suggestion).to.equal(null);
    expect(byAdmin(listed, '9007199254740993').name).to.equal('Бот-помощник');
  });

  it('saves the accepted suggestion and the list shows it, then maps back to the default', async () => {
    const operator = byAdmin((await h.api('GET', path())).body, '5521');
    const saved = await h.api('PUT', path(`/${operator.id}`), { employeeId: operator.suggestion.employeeId });
    expect(saved.status).to.equal(200);
    expect(saved.body.employee).to.deep.include({ id: employee.smirnov, comagicId: 41, removedInCabinet: false });

    const after = byAdmin((await h.api('GET', path())).body, '5521');
    expect(after.employee.id).to.equal(employee.smirnov);
    expect(after.suggestion).to.equal(null);
    const stored = await h.t.db.carrotQuestOperator.findFirstOrThrow({ where: { id: operator.id } });
    expect(stored.employeeId).to.equal(employee.smirnov);

    const maria = byAdmin((await h.api('GET', path())).body, '5530');
    expect((await h.api('PUT', path(`/${maria.id}`), { employeeId: employee.maria })).status).to.equal(200);
    const reset = await h.api('PUT', path(`/${maria.id}`), { employeeId: null });
    expect(reset.status).to.equal(200);
    expect(reset.body.employee).to.equal(null);
  });

  it('a refresh keeps the mappings', async () => {
    await h.api('POST', path('/refresh'));
    expect(byAdmin((await h.api('GET', path())).body, '5521').employee.id).to.equal(employee.smirnov);
  });

  it('refuses an employee of another account, a removed one, and a malformed body with 422', async () => {
    const maria = byAdmin((await h.api('GET', path())).body, '5530');
    const foreign = await h.api('PUT', path(`/${maria.id}`), { employeeId: other.employeeId });
    expect(foreign.status).to.equal(422);
    expect(foreign.body.errors).to.deep.equal([
      { field: 'employeeId', message: 'Сотрудник не найден в этом аккаунте' },
    ]);
    const removed = await h.api('PUT', path(`/${maria.id}`), { employeeId: employee.gone });
    expect(removed.status).to.equal(422);
    expect(removed.body.errors[0].message).to.match(/Удалено в CoMagic/);
    expect((await h.api('PUT', path(`/${maria.id}`), { employeeId: 'nobody' })).status).to.equal(422);
    expect((await h.api('PUT', path(`/${maria.id}`), {})).status).to.equal(422);
    expect((await h.api('PUT', path(`/${maria.id}`), '{"employeeId":')).status).to.equal(400);
    expect((await h.t.db.carrotQuestOperator.findFirstOrThrow({ where: { id: maria.id } })).employeeId).to.equal(null);
  });

  it('answers 404 for another account’s integration or operator, and unknown or malformed ids', async () => {
    const operator = byAdmin((await h.api('GET', path())).body, '5530');
    const crossed = `/accounts/${fx.accountId}/integrations/${other.integrationId}/operators`;
    expect((await h.api('GET', crossed)).status).to.equal(404);
    expect((await h.api('POST', `${crossed}/refresh`)).status).to.equal(404);
    expect((await h.api('PUT', path(`/${operator.id}`, other), { employeeId: null })).status).to.equal(404);
    expect((await h.api('PUT', path(`/${randomUUID()}`), { employeeId: null })).status).to.equal(404);
    expect((await h.api('PUT', path('/not-a-uuid'), { employeeId: null })).status).to.equal(404);
    expect((await h.api('GET', `/accounts/${fx.accountId}/integrations/not-a-uuid/operators`)).status).to.equal(404);
  });

  it('answers 503 with Retry-After when CarrotQuest does not answer, 409 when it refuses the key', async () => {
    h.fake.injectFault({ path: '/channels', status: 503, times: Infinity });
    const down = await h.api('POST', path('/refresh'));
    expect(down.status).to.equal(503);
    expect(down.headers.get('retry-after')).to.equal('30');
    expect(down.body.message).to.equal('CarrotQuest не ответил, повторите позже');
    h.fake.clearFaults();

    h.fake.injectFault({ path: '/channels', status: 401, times: 1 });
    const refused = await h.api('POST', path('/refresh'));
    expect(refused.status).to.equal(409);
    expect(refused.body.message).to.match(/отклонил API-ключ/);
  });

  it('refuses a cross-site write before it runs', async () => {
    const operator = byAdmin((await h.api('GET', path())).body, '5530');
    const response = await fetch(`${h.base}/api${path(`/${operator.id}`)}`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ employeeId: employee.maria }),
    });
    expect(response.status).to.equal(403);
    expect((await h.t.db.carrotQuestOperator.findFirstOrThrow({ where: { id: operator.id } })).employeeId).to.equal(
      null,
    );
  });
});

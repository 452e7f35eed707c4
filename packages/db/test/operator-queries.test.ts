import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  createTestDatabase,
  insertIntegration,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { listOperators, operatorEmployeeMap, recordSeenOperators, setOperatorEmployee } from '../src/index';

describe('operator queries (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;
  let other: IntegrationFixture;
  const employees: Record<'anna' | 'boris' | 'gone', string> = { anna: '', boris: '', gone: '' };

  before(async () => {
    t = await createTestDatabase('db_operators');
    const box = new SecretBox(randomBytes(32).toString('base64'));
    fx = await insertIntegration(t.db, box, 'app.1.key', 'Operators', {
      employees: [
        { name: 'Анна', comagicId: 41 },
        { name: 'Борис', comagicId: 42 },
        { name: 'Уволенный', comagicId: 43 },
      ],
    });
    other = await insertIntegration(t.db, box, 'app.2.key', 'Other');
    const rows = await t.db.employee.findMany({ where: { accountId: fx.accountId }, orderBy: { comagicId: 'asc' } });
    [employees.anna, employees.boris, employees.gone] = rows.map((r) => r.id) as [string, string, string];
    await t.db.employee.update({ where: { id: employees.gone }, data: { removedInCabinetAt: new Date() } });
  });
  after(async () => t?.drop());

  const seen = (operators: Parameters<typeof recordSeenOperators>[1]['operators'], at = fx) =>
    recordSeenOperators(t.sql, { accountId: at.accountId, integrationId: at.integrationId, operators });
  const rowOf = async (carrotAdminId: string, at = fx) =>
    t.db.carrotQuestOperator.findUniqueOrThrow({
      where: { integrationId_carrotAdminId: { integrationId: at.integrationId, carrotAdminId } },
    });

  it('adds operators once, refreshes name, type and lastSeenAt, keeps what a sighting lacks', async () => {
    await seen([
      { carrotAdminId: '11846', name: 'Angel Helen', type: 'admin' },
      { carrotAdminId: '11846', name: null, type: null },
      { carrotAdminId: '7', name: 'Бот', type: 'bot' },
    ]);
    const first = await rowOf('11846');
    expect(first).to.deep.include({ name: 'Angel Helen', type: 'admin', employeeId: null, accountId: fx.accountId });

    await new Promise((resolve) => setTimeout(resolve, 10));
    await seen([{ carrotAdminId: '11846', name: null, type: null }]);
    await seen([{ carrotAdminId: '7', name: 'Бот Carrot', type: 'bot' }]);
    const again = await rowOf('11846');
    expect(again).to.deep.include({ id: first.id, name: 'Angel Helen', type: 'admin' });
    expect(again.lastSeenAt.getTime()).to.be.greaterThan(first.lastSeenAt.getTime());
    expect((await rowOf('7')).name).to.equal('Бот Carrot');
    expect(await t.db.carrotQuestOperator.count({ where: { integrationId: fx.integrationId } })).to.equal(2);
  });

  it('keeps operators of two integrations apart, and does nothing for none', async () => {
    await seen([{ carrotAdminId: '11846', name: 'Другая Хелен', type: 'admin' }], other);
    await seen([]);
    expect((await rowOf('11846')).name).to.equal('Angel Helen');
    expect((await rowOf('11846', other)).name).to.equal('Другая Хелен');
  });

  it('maps an operator to an employee, lists it with the employee, and a new sighting keeps the mapping', async () => {
    const { id } = await rowOf('11846');
    const saved = await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, id, employees.anna);
    expect(saved.status).to.equal('saved');
    await seen([{ carrotAdminId: '11846', name: 'Helen A.', type: 'admin' }]);

    const listed = await listOperators(t.db, fx.accountId, fx.integrationId);
    expect(listed.map((o) => [o.carrotAdminId, o.name, o.employee?.name ?? null])).to.deep.equal([
      ['11846', 'Helen A.', 'Анна'],
      ['7', 'Бот Carrot', null],
    ]);
    expect(await operatorEmployeeMap(t.db, fx.integrationId)).to.deep.equal(new Map([['11846', employees.anna]]));
    expect(await operatorEmployeeMap(t.sql, other.integrationId)).to.deep.equal(new Map());
  });

  it("refuses another account's employee, an unknown operator, and a removed employee as a new choice", async () => {
    const { id } = await rowOf('7');
    expect(await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, id, other.employeeId)).to.deep.equal({
      status: 'employee-refused',
      message: 'Сотрудник не найден в этом аккаунте',
    });
    expect(await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, id, employees.gone)).to.have.property(
      'status',
      'employee-refused',
    );
    const foreign = await rowOf('11846', other);
    expect(await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, foreign.id, employees.anna)).to.deep.equal({
      status: 'operator-not-found',
    });
    expect(await setOperatorEmployee(t.db, other.accountId, other.integrationId, id, null)).to.deep.equal({
      status: 'operator-not-found',
    });
    expect((await rowOf('7')).employeeId).to.be.null;
    expect((await rowOf('11846', other)).employeeId).to.be.null;
  });

  it('keeps a mapping to an employee removed since, and unmaps back to the default', async () => {
    const { id } = await rowOf('7');
    await t.db.employee.update({ where: { id: employees.gone }, data: { removedInCabinetAt: null } });
    expect((await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, id, employees.gone)).status).to.equal(
      'saved',
    );
    await t.db.employee.update({ where: { id: employees.gone }, data: { removedInCabinetAt: new Date() } });
    expect((await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, id, employees.gone)).status).to.equal(
      'saved',
    );
    const unmapped = await setOperatorEmployee(t.db, fx.accountId, fx.integrationId, id, null);
    expect(unmapped.status === 'saved' && unmapped.operator.employee).to.be.null;
    expect((await operatorEmployeeMap(t.db, fx.integrationId)).has('7')).to.equal(false);
  });
});

import { expect } from 'chai';
import { uniqueViolationField } from './unique-violation';

const adapterError = (fields: string[]) => ({
  code: 'P2002',
  meta: {
    modelName: 'Site',
    driverAdapterError: {
      name: 'DriverAdapterError',
      cause: { originalCode: '23505', kind: 'UniqueConstraintViolation', constraint: { fields } },
    },
  },
});

describe('uniqueViolationField', () => {
  it('names the column the client chose, not the account that scopes the key (as the pg adapter reports it)', () => {
    expect(uniqueViolationField(adapterError(['"siteKey"']))).to.equal('siteKey');
    expect(uniqueViolationField(adapterError(['"accountId"', 'domain']))).to.equal('domain');
    expect(uniqueViolationField(adapterError(['"integrationId"', '"messenger"']))).to.equal('messenger');
  });

  it('reads Prisma’s own target and a raw PostgreSQL 23505 too; without columns, the body', () => {
    expect(uniqueViolationField({ code: 'P2002', meta: { target: ['accountId', 'name'] } })).to.equal('name');
    expect(uniqueViolationField({ code: '23505' })).to.equal('(body)');
  });

  it('is null for anything else: a foreign key, a lost connection, a plain error, nothing', () => {
    for (const error of [
      { code: 'P2003' },
      { code: '23503' },
      { code: 'ECONNREFUSED' },
      new Error('boom'),
      null,
      undefined,
      'P2002',
    ])
      expect(uniqueViolationField(error)).to.equal(null);
  });
});

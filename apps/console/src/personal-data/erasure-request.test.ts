import { expect } from 'chai';
import { ConsoleException } from '../console-exception';
import { readErasureRequest } from './erasure-request';

function fieldsOf(body: unknown, regions: string[] = []): string[] {
  try {
    readErasureRequest(body, regions);
  } catch (error) {
    if (error instanceof ConsoleException) return error.fieldErrors.map((e) => e.field);
    throw error;
  }
  throw new Error('accepted');
}

describe('readErasureRequest', () => {
  it('reads a phone in any format as E.164, asked by the person unless said otherwise', () => {
    expect(readErasureRequest({ phone: '8 (916) 123-45-67' }, ['RU'])).to.deep.equal({
      criterion: { kind: 'phone', value: '+79161234567' },
      requestedBy: 'subject',
    });
    expect(readErasureRequest({ email: ' Irina@Example.RU ', requestedBy: 'operator' }, [])).to.deep.equal({
      criterion: { kind: 'email', value: 'irina@example.ru' },
      requestedBy: 'operator',
    });
  });

  it('reads a national number in the region of the account’s integrations', () => {
    expect(readErasureRequest({ phone: '(0)30 1234567' }, ['DE']).criterion).to.deep.equal({
      kind: 'phone',
      value: '+49301234567',
    });
  });

  it('names every field at fault at once', () => {
    expect(fieldsOf({})).to.deep.equal(['criterion']);
    expect(fieldsOf('phone')).to.deep.equal(['criterion']);
    expect(fieldsOf({ phone: '+79161234567', email: 'a@b.ru' })).to.deep.equal(['phone', 'email']);
    expect(fieldsOf({ phone: 'позвоните мне' })).to.deep.equal(['phone']);
    expect(fieldsOf({ carrotUserId: '12a' })).to.deep.equal(['carrotUserId']);
    expect(fieldsOf({ carrotUserId: '12', requestedBy: 'police' })).to.deep.equal(['requestedBy']);
    expect(fieldsOf({ requestedBy: 'police' })).to.deep.equal(['criterion', 'requestedBy']);
  });
});

import { expect } from 'chai';
import {
  criterionDigestInput,
  erasureCoversQuestion,
  mentionsAny,
  phoneSpellings,
  readErasureCriterion,
  retentionCutoff,
} from './personal-data';

describe('readErasureCriterion', () => {
  it('reads a phone in any format as the import does (E.164)', () => {
    for (const written of ['8 (916) 123-45-67', '+7 916 123 45 67', '79161234567', '+79161234567'])
      expect(readErasureCriterion({ phone: written })).to.deep.equal({
        criterion: { kind: 'phone', value: '+79161234567' },
      });
  });

  it('tries each region of the account until the number is valid', () => {
    expect(readErasureCriterion({ phone: '030 901820' }, ['RU', 'DE'])).to.deep.equal({
      criterion: { kind: 'phone', value: '+4930901820' },
    });
  });

  it('lower-cases an e-mail and trims a CarrotQuest user id', () => {
    expect(readErasureCriterion({ email: ' Anna@Example.COM ' })).to.deep.equal({
      criterion: { kind: 'email', value: 'anna@example.com' },
    });
    expect(readErasureCriterion({ carrotUserId: ' 1234567890123456789 ' })).to.deep.equal({
      criterion: { kind: 'carrot_user', value: '1234567890123456789' },
    });
  });

  it('names the field that is wrong', () => {
    expect(readErasureCriterion({})).to.deep.equal({
      problems: [{ field: 'criterion', message: 'Укажите одно из: телефон, e-mail или id пользователя CarrotQuest' }],
    });
    const two = readErasureCriterion({ phone: '+79161234567', email: 'a@b.ru' });
    expect('problems' in two && two.problems.map((p) => p.field)).to.deep.equal(['phone', 'email']);
    const notPhone = readErasureCriterion({ phone: 'позвоните мне' });
    expect('problems' in notPhone && notPhone.problems[0]!.field).to.equal('phone');
    const notEmail = readErasureCriterion({ email: 'anna' });
    expect('problems' in notEmail && notEmail.problems[0]!.field).to.equal('email');
    const notId = readErasureCriterion({ carrotUserId: '12a' });
    expect('problems' in notId && notId.problems[0]!.field).to.equal('carrotUserId');
    const notText = readErasureCriterion({ phone: 79161234567 });
    expect('problems' in notText && notText.problems[0]!.field).to.equal('phone');
  });

  it('keeps a phone and a user id of the same digits apart in the digest input', () => {
    expect(criterionDigestInput({ kind: 'phone', value: '+79161234567' })).not.to.equal(
      criterionDigestInput({ kind: 'carrot_user', value: '79161234567' }),
    );
  });
});

describe('phoneSpellings', () => {
  it('lists how a Russian number is written, the trunk prefix 8 included', () => {
    const spellings = phoneSpellings('+79161234567');
    for (const s of ['+79161234567', '79161234567', '89161234567', '9161234567', '+7 916 123 45 67', '8 (916) 123-45-67'])
      expect(spellings).to.include(s);
  });
});

describe('mentionsAny', () => {
  it('finds text needles anywhere, case aside', () => {
    expect(mentionsAny('{"email":"ANNA@example.com"}', ['anna@example.com'])).to.equal(true);
    expect(mentionsAny('nothing here', ['anna@example.com'])).to.equal(false);
  });

  it('finds digit needles only where they stand alone', () => {
    expect(mentionsAny('{"conversation":"123"}', ['123'])).to.equal(true);
    expect(mentionsAny('{"conversation":"91234"}', ['123'])).to.equal(false);
    expect(mentionsAny('91234 and 123', ['123'])).to.equal(true);
    expect(mentionsAny('8 (916) 123-45-67', ['8 (916) 123-45-67'])).to.equal(true);
  });
});

describe('retention and erasure cover', () => {
  it('puts the cutoff the given days before now', () => {
    expect(retentionCutoff(new Date('2026-12-03T00:00:00Z'), 30).toISOString()).to.equal('2026-11-03T00:00:00.000Z');
  });

  it('covers questions started up to the erasure, not later ones', () => {
    const erasedAt = new Date('2026-12-03T12:00:00Z');
    expect(erasureCoversQuestion(new Date('2026-12-03T12:00:00Z'), erasedAt)).to.equal(true);
    expect(erasureCoversQuestion(new Date('2026-12-03T12:00:01Z'), erasedAt)).to.equal(false);
    expect(erasureCoversQuestion(new Date('2020-01-01T00:00:00Z'), null)).to.equal(false);
  });
});

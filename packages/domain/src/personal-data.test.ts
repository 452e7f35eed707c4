import { expect } from 'chai';
import {
  criterionDigestInput,
  erasureCoversQuestion,
  PersonalDataMatcher,
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
    for (const notText of [{ phone: 79161234567 }, { carrotUserId: 5001 }, { email: ['a@b.ru'] }])
      expect(readErasureCriterion(notText)).to.deep.equal({
        problems: [{ field: Object.keys(notText)[0], message: 'Ожидается строка' }],
      });
    expect(readErasureCriterion({ email: `${'a'.repeat(400)}@b.ru` })).to.deep.equal({
      problems: [{ field: 'email', message: 'Не длиннее 320 символов' }],
    });
  });

  it('keeps a phone and a user id of the same digits apart in the digest input', () => {
    expect(criterionDigestInput({ kind: 'phone', value: '+79161234567' })).not.to.equal(
      criterionDigestInput({ kind: 'carrot_user', value: '79161234567' }),
    );
  });
});

describe('PersonalDataMatcher', () => {
  const phone = new PersonalDataMatcher({ phones: ['+79161234567'], texts: [] });

  it('finds a phone however it is written: country code, trunk prefix, national number, any separators', () => {
    for (const written of [
      '+7 916 123-45-67',
      '8-916-123-45-67',
      '8 (916) 123-45-67',
      '916 123 45 67',
      '+79161234567',
      '79161234567',
      '89161234567',
      '9161234567',
      '8(916)1234567',
      '+7 (916) 123.45.67',
      '8\u00a0916\u00a0123\u00a045\u00a067',
      'Мой номер 8 (916) 123-45-67, жду',
      '{"$phone":"+79161234567"}',
      'заказ 2 шт, 8 916 123 45 67',
    ])
      expect(phone.matches(written), written).to.equal(true);
  });

  it('does not find it inside a longer run of digits or in another number', () => {
    for (const written of [
      '99161234567',
      '791612345678',
      '+7 916 123-45-68',
      '916 123 45',
      '1234567',
      'id 9161234567890',
      '',
    ])
      expect(phone.matches(written), written).to.equal(false);
  });

  it('reads a trunk prefix of the phone’s own country (0 in Germany)', () => {
    const german = new PersonalDataMatcher({ phones: ['+4930901820'], texts: [] });
    expect(german.matches('030 901820')).to.equal(true);
    expect(german.matches('+49 30 901820')).to.equal(true);
    expect(german.matches('830901820')).to.equal(false);
  });

  it('finds texts anywhere, case aside; a text of digits only where it stands alone', () => {
    const texts = new PersonalDataMatcher({ phones: [], texts: ['ANNA@example.com', '123', 'Пётр', ''] });
    expect(texts.matches('{"email":"anna@EXAMPLE.com"}')).to.equal(true);
    expect(texts.matches('Клиент ПЁТР позвонил')).to.equal(true);
    expect(texts.matches('{"conversation":"123"}')).to.equal(true);
    expect(texts.matches('{"conversation":"91234"}')).to.equal(false);
    expect(texts.matches('91234 and 123')).to.equal(true);
    expect(texts.matches('nothing here')).to.equal(false);
  });

  it('matches nothing when it names nobody', () => {
    const nobody = new PersonalDataMatcher({ phones: [], texts: [] });
    expect(nobody.matches('+7 916 123-45-67 anna@example.com')).to.equal(false);
  });

  it('stays linear on a long text of digits and separators', () => {
    const long = '1 '.repeat(500_000);
    const started = process.hrtime.bigint();
    expect(phone.matches(long)).to.equal(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(1_000);
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

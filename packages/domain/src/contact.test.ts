import { expect } from 'chai';
import { loadFixture } from '@carrot-bridge/fixtures';
import { getCountries, Metadata } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json' with { type: 'json' };
import {
  extractContact,
  findEmailInText,
  findPhoneInText,
  MIN_PHONE_DIGITS,
  normaliseEmail,
  normaliseName,
  normalisePhone,
} from './contact';

describe('normalisePhone', () => {
  const table: Array<[unknown, string, string | null]> = [
    ['8 (912) 345-67-89', 'RU', '+79123456789'],
    ['+7 912 345-67-89', 'RU', '+79123456789'],
    ['9123456789', 'RU', '+79123456789'],
    ['+44 20 7946 0958', 'RU', '+442079460958'],
    ['050 123 4567', 'UA', '+380501234567'],
    ['8 (912) 345-67-89', 'US', null],
    ['12345', 'RU', null],
    // libphonenumber calls it valid, but E.164 allows 15 digits at most.
    ['+49750076985872127', 'DE', null],
    ['not a phone', 'RU', null],
    ['', 'RU', null],
    [null, 'RU', null],
    [{ nested: true }, 'RU', null],
    [79123456789, 'RU', '+79123456789'],
  ];
  for (const [input, region, expected] of table) {
    it(`${JSON.stringify(input)} in ${region} -> ${expected}`, () => {
      expect(normalisePhone(input, region as any)).to.equal(expected);
    });
  }
});

describe('normaliseEmail', () => {
  const table: Array<[unknown, string | null]> = [
    ['Irina.Sokolova@Example.RU', 'irina.sokolova@example.ru'],
    ['  user@example.com  ', 'user@example.com'],
    ['user@localhost', null],
    ['user@@example.com', null],
    ['user example@example.com', null],
    ['', null],
    [42, null],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => expect(normaliseEmail(input)).to.equal(expected));
  }
});

describe('normaliseName', () => {
  it('collapses whitespace and trims', () => expect(normaliseName('  Ирина   Соколова ')).to.equal('Ирина Соколова'));
  it('cuts names longer than 255 characters', () => expect(normaliseName('я'.repeat(400))).to.have.length(255));
  it('returns null for blank or non-text values', () => {
    expect(normaliseName('   ')).to.equal(null);
    expect(normaliseName(undefined)).to.equal(null);
    expect(normaliseName(['x'])).to.equal(null);
  });
});

describe('findPhoneInText / findEmailInText', () => {
  it('finds a phone written inside a sentence', () => {
    expect(findPhoneInText('Перезвоните мне на 8 912 345 67 89, пожалуйста', 'RU')).to.equal('+79123456789');
  });
  it('skips only texts too short to hold a number in any numbering plan', () => {
    const metadata = new Metadata(maxMetadata);
    const shortest = Math.min(
      ...getCountries(maxMetadata).map((country) => {
        metadata.selectNumberingPlan(country);
        return Math.min(...metadata.numberingPlan!.possibleLengths());
      }),
    );
    expect(MIN_PHONE_DIGITS).to.be.at.most(shortest);
    // A Niue fixed line written nationally has 4 digits: still read.
    expect(findPhoneInText('звоните 4002', 'NU')).to.equal(normalisePhone('4002', 'NU'));
    expect(findPhoneInText('Вопрос №12', 'RU')).to.equal(null);
  });
  it('takes the first VALID phone of a message: a well-formed number no operator has skips to the next', () => {
    // +7 000… has the right length for Russia (a "possible" number) but no such range exists.
    const text = 'Мой номер +7 000 123 45 67, а рабочий 8 912 345 67 89';
    expect(findPhoneInText(text, 'RU')).to.equal('+79123456789');
    expect(findPhoneInText('Звоните: 8 (100) 123-45-67', 'RU')).to.equal(null);
  });
  it('ignores digits that are not a phone', () =>
    expect(findPhoneInText('Заказ №12345 на 390 ₽', 'RU')).to.equal(null));
  it('finds an email and drops the trailing full stop', () => {
    expect(findEmailInText('Пишите на Sales@Shop.example.ru.')).to.equal('sales@shop.example.ru');
  });
});

describe('extractContact', () => {
  it('reads name, phone (E.164) and email from the fixture user props', () => {
    const user = loadFixture('api-user').data;
    expect(extractContact(user.props, [], 'RU')).to.deep.equal({
      name: 'Ирина Соколова',
      phone: '+79123456789',
      email: 'irina.sokolova@example.ru',
      phoneFrom: 'props',
      emailFrom: 'props',
      dropped: [],
    });
  });

  it('takes the phone the visitor wrote when props have none', () => {
    const contact = extractContact({ $name: 'Pavel' }, ['Привет', '+7 912 345-67-89'], 'RU');
    expect(contact.phone).to.equal('+79123456789');
    expect(contact.phoneFrom).to.equal('message');
  });

  it('takes the email the visitor wrote when props have none', () => {
    const contact = extractContact({}, ['мой адрес: Pavel@Example.com'], 'RU');
    expect(contact).to.include({ email: 'pavel@example.com', emailFrom: 'message' });
  });

  it('drops a garbage phone with a reason and without its value', () => {
    const contact = extractContact({ $phone: '000' }, [], 'RU');
    expect(contact.phone).to.equal(null);
    expect(contact.dropped).to.deep.equal([{ field: 'phone', reason: 'not a valid phone number for region RU' }]);
    expect(JSON.stringify(contact.dropped)).not.to.contain('000');
  });

  it('drops a garbage email and still finds a valid one in the visitor text', () => {
    const contact = extractContact({ $email: 'nope@' }, ['ok@example.org'], 'RU');
    expect(contact.email).to.equal('ok@example.org');
    expect(contact.dropped.map((d) => d.field)).to.deep.equal(['email']);
  });

  it('prefers props over text even when the text comes first', () => {
    const contact = extractContact({ $phone: '+79990000001' }, ['+79123456789'], 'RU');
    expect(contact.phone).to.equal('+79990000001');
  });

  it('returns nulls for a user with no props at all', () => {
    expect(extractContact(null, [], 'RU')).to.deep.include({ name: null, phone: null, email: null });
  });
});

import { expect } from 'chai';
import { erasureMatcher, erasureNeedles } from './erasure-needles';

describe('erasureNeedles', () => {
  const chat = {
    conversationId: '27364519',
    carrotUserId: '1038472615',
    contactName: 'Ирина Соколова',
    contactPhone: '+79161234567',
    contactEmail: 'irina@example.ru',
  };

  it('takes the phones apart from the texts: e-mails, names, user and conversation ids', () => {
    const needles = erasureNeedles(
      [
        { kind: 'phone', value: '+79031112233' },
        { kind: 'email', value: 'a@b.ru' },
      ],
      [chat, chat],
    );
    expect(needles).to.deep.equal({
      phones: ['+79031112233', '+79161234567'],
      texts: ['a@b.ru', '27364519', '1038472615', 'irina@example.ru', 'Ирина Соколова'],
    });
  });

  it('takes identifiers found by the one step of expansion, and leaves out short names and empty values', () => {
    const needles = erasureNeedles(
      [
        { kind: 'email', value: 'a@b.ru' },
        { kind: 'carrot_user', value: '42' },
      ],
      [{ ...chat, contactName: ' Ян ', contactPhone: null, contactEmail: null, carrotUserId: null }],
    );
    expect(needles).to.deep.equal({ phones: [], texts: ['a@b.ru', '42', '27364519'] });
  });

  it('builds a matcher that finds the chats’ phone in any spelling and their ids standing alone', () => {
    const person = erasureMatcher([{ kind: 'email', value: 'irina@example.ru' }], [chat]);
    for (const text of ['8-916-123-45-67', '{"conversation":27364519}', 'ИРИНА СОКОЛОВА', 'user 1038472615'])
      expect(person.matches(text), text).to.equal(true);
    for (const text of ['8-916-123-45-68', '{"conversation":273645190}', 'Ирина'])
      expect(person.matches(text), text).to.equal(false);
  });
});

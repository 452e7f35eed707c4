import { expect } from 'chai';
import { erasureNeedles } from './erasure-needles';

describe('erasureNeedles', () => {
  const chat = {
    conversationId: '27364519',
    carrotUserId: '1038472615',
    contactName: 'Ирина Соколова',
    contactPhone: '+79161234567',
    contactEmail: 'irina@example.ru',
  };

  it('spells each phone every way texts write it, and adds e-mails, names, user and conversation ids', () => {
    const needles = erasureNeedles([{ kind: 'phone', value: '+79161234567' }], [chat]);
    expect(needles).to.include.members([
      '+79161234567',
      '79161234567',
      '8 (916) 123-45-67',
      '9161234567',
      '89161234567',
      'irina@example.ru',
      'Ирина Соколова',
      '1038472615',
      '27364519',
    ]);
    expect(new Set(needles).size).to.equal(needles.length);
  });

  it('takes identifiers found by the one step of expansion, and leaves out short names and empty values', () => {
    const needles = erasureNeedles(
      [
        { kind: 'email', value: 'a@b.ru' },
        { kind: 'carrot_user', value: '42' },
      ],
      [{ ...chat, contactName: ' Ян ', contactPhone: null, contactEmail: null, carrotUserId: null }],
    );
    expect(needles.sort()).to.deep.equal(['27364519', '42', 'a@b.ru']);
  });
});

import { expect } from 'chai';
import { timeGrowth } from '@carrot-bridge/test-support/time-growth';
import {
  CONTACT_SCAN_CHARS_IN_ALL,
  CONTACT_SCAN_CHARS_PER_TEXT,
  extractContact,
  findEmailInText,
  findPhoneInText,
  scannedPart,
} from './contact';

// A visitor chooses every character of a message: the contact search must grow linearly with it
// (issue #20: a 40,000-character run without an @ took 3 s in the old email pattern). Linear work grows
// ~16x on a 16x longer text, quadratic ~256x; 40 separates them with room for a busy machine.
const LINEAR = 40;

describe('contact search on hostile text', () => {
  const emailShapes: Record<string, (n: number) => string> = {
    'a run of address characters without an @': (n) => 'x'.repeat(n),
    'dots without an @': (n) => 'a.'.repeat(n / 2),
    'many @ with nothing valid around them': (n) => 'a@'.repeat(n / 2),
    'an @ followed by a long domain without a top-level part': (n) => `a@${'b1'.repeat(n / 2)}`,
    'single-letter labels after an @': (n) => `a@${'b.c'.repeat(n / 3)}`,
  };
  for (const [shape, make] of Object.entries(emailShapes)) {
    it(`findEmailInText grows linearly on ${shape}`, () => {
      // 2,000 and 32,000 characters: quadratic work shows at once, and the old pattern fails in seconds, not minutes.
      expect(timeGrowth(findEmailInText, make, 2_000)).to.be.below(LINEAR);
    });
  }

  const phoneShapes: Record<string, (n: number) => string> = {
    'digits and spaces': (n) => '12 '.repeat(n / 3),
    'open parentheses and digits': (n) => '(1'.repeat(n / 2),
    'plus signs and digits': (n) => '+7 '.repeat(n / 3),
  };
  for (const [shape, make] of Object.entries(phoneShapes)) {
    it(`findPhoneInText grows linearly on ${shape}`, () => {
      expect(timeGrowth((text) => findPhoneInText(text), make, 1_000)).to.be.below(LINEAR);
    });
  }

  it('extractContact searches at most the scan budget, however long the texts', () => {
    const huge = '(1'.repeat(500_000);
    const texts = Array.from({ length: 20 }, () => huge);
    const searched: string[] = [];
    const started = process.hrtime.bigint();
    extractContact({}, texts, 'RU');
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // Compared with the budget's own cost in the same run, not with a wall-clock figure.
    const budgetStarted = process.hrtime.bigint();
    for (let left = CONTACT_SCAN_CHARS_IN_ALL; left > 0; left -= CONTACT_SCAN_CHARS_PER_TEXT)
      searched.push(scannedPart(huge, CONTACT_SCAN_CHARS_PER_TEXT));
    for (const text of searched) findPhoneInText(text, 'RU');
    const budgetMs = Number(process.hrtime.bigint() - budgetStarted) / 1e6;
    expect(elapsedMs).to.be.below(budgetMs * 3 + 20);
  });

  it('still finds a phone and an email within the searched part of a long message', () => {
    const text = `Перезвоните на 8 912 345 67 89 или пишите sales@shop.example.ru ${'x'.repeat(1_000_000)}`;
    expect(extractContact({}, [text], 'RU')).to.include({
      phone: '+79123456789',
      email: 'sales@shop.example.ru',
      phoneFrom: 'message',
    });
  });

  it('does not read a contact past the searched part, and cuts at whitespace so no number is cut in two', () => {
    const filler = 'слово '.repeat(Math.ceil(CONTACT_SCAN_CHARS_PER_TEXT / 6));
    expect(extractContact({}, [`${filler}8 912 345 67 89`], 'RU').phone).to.equal(null);
    const cut = scannedPart(`${'a'.repeat(CONTACT_SCAN_CHARS_PER_TEXT - 10)} 89123456789`, CONTACT_SCAN_CHARS_PER_TEXT);
    expect(cut).to.equal('a'.repeat(CONTACT_SCAN_CHARS_PER_TEXT - 10));
  });

  it('searches the next message while budget is left, and not once it is spent', () => {
    const long = 'слово '.repeat(CONTACT_SCAN_CHARS_PER_TEXT);
    expect(extractContact({}, [long, 'мой номер 8 912 345 67 89'], 'RU').phone).to.equal('+79123456789');
    const spent = Array.from({ length: CONTACT_SCAN_CHARS_IN_ALL / CONTACT_SCAN_CHARS_PER_TEXT }, () => long);
    expect(extractContact({}, [...spent, 'мой номер 8 912 345 67 89'], 'RU').phone).to.equal(null);
  });
});

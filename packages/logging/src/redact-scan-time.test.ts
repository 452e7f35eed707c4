import { expect } from 'chai';
import { timeGrowth } from '@carrot-bridge/test-support/time-growth';
import { maskText } from './redact';

// Masking runs on every log line, and lines carry text a stranger chose (a 415's Content-Type, a failed
// login's path). Linear work grows ~16x on a 16x longer text, quadratic ~256x (issue #20: a 14 KB header
// cost 0.3 s in the old patterns).
const LINEAR = 40;

describe('log masking on hostile text', () => {
  const shapes: Record<string, (n: number) => string> = {
    'address characters without an @': (n) => 'a.'.repeat(n / 2),
    'an @ before a domain without a top-level part': (n) => `${'a'.repeat(n / 2)}@${'b-'.repeat(n / 4)}`,
    'separators and digits that never make a phone': (n) => '1-('.repeat(n / 3),
    'spaces between single digits': (n) => '1 '.repeat(n / 2),
    'plus signs before digits': (n) => '+1'.repeat(n / 2),
  };
  for (const [shape, make] of Object.entries(shapes)) {
    it(`grows linearly on ${shape}`, () => {
      expect(timeGrowth(maskText, make, 10_000)).to.be.below(LINEAR);
    });
  }

  const table: Array<[string, string]> = [
    ['звоните +7 912 345-67-89.', 'звоните +79******89.'],
    ['8 (912) 345 67 89', '89******89'],
    ['tel:+441632960961', 'tel:+44******61'],
    ['id 1038472615 and 27364519', 'id 1038472615 and 27364519'],
    ['12 34', '12 34'],
    ['a 8 912 345 67 89x', 'a 8 912 345 67 89x'],
    ['1234567890123456 7', '1234567890123456 7'],
    ['mail Irina.S@Example.ru now', 'mail I***@Example.ru now'],
  ];
  for (const [text, masked] of table) {
    it(`masks ${JSON.stringify(text)} as ${JSON.stringify(masked)}`, () => expect(maskText(text)).to.equal(masked));
  }
});

import { expect } from 'chai';
import fc from 'fast-check';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { CONTACT_SCAN_CHARS_IN_ALL, CONTACT_SCAN_CHARS_PER_TEXT, extractContact, normaliseEmail } from './contact';

// A stranger writes every visitor text and every prop (issue #20, item 6). Whatever arrives, contact
// extraction must not throw, must return only a valid phone and a valid email, and must find a contact
// the visitor wrote anywhere in the part of the chat it searches. Runs are bounded: the phone matcher
// costs microseconds per character and each run searches up to 16,384 of them; a failure is reported unshrunk
// (shrinking texts this long takes minutes).
const REGIONS: CountryCode[] = ['RU', 'UA', 'KZ', 'US', 'GB', 'DE'];
/** Room a cut may give back to reach whitespace (contact.ts moves a cut back up to 64 characters). */
const CUT_ROOM = 64;

const chars = (set: string) => fc.constantFrom(...Array.from(set));
// size 'max': lengths spread over the whole range, not fast-check's default of a few characters.
const adversarialText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300, size: 'max' }),
  fc.string({ unit: 'grapheme', maxLength: 300, size: 'max' }),
  fc.string({ unit: chars('0123456789 +-()./\u00a0\u2011x#*'), maxLength: 5000, size: 'max' }),
  fc.string({ unit: chars('@aA.b-_ Co\u0440\u0444'), maxLength: 5000, size: 'max' }),
  fc.string({ unit: chars('@'), minLength: 1, maxLength: 3000, size: 'max' }),
  fc.constant('8'.repeat(20_000)),
);
const adversarialProp = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200, size: 'max' }),
  fc.string({ unit: chars('0123456789 +-()'), maxLength: 40, size: 'max' }),
  fc.string({ unit: chars('@aA.bc'), maxLength: 40, size: 'max' }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
/** Text that can hold neither a phone nor an email: no digit, no @, unicode letters and spaces. */
const noise = (maxLength: number) =>
  fc.string({ unit: chars('abc xyz\u0430\u0431\u0432 \u00e9\u4e2d\ud83d\ude00.,!?-\n'), maxLength, size: 'max' });

describe('extractContact on a stranger’s text (property-based)', function () {
  this.timeout(120_000);

  it('never throws and returns only a phone valid in the region and an email normaliseEmail accepts', () => {
    fc.assert(
      fc.property(
        fc.record({ $name: adversarialProp, $phone: adversarialProp, $email: adversarialProp }, { requiredKeys: [] }),
        fc.array(adversarialText, { maxLength: 6 }),
        fc.constantFrom(...REGIONS),
        (props, texts, region) => {
          const contact = extractContact(props, texts, region);
          if (contact.phone !== null) {
            expect(contact.phone).to.match(/^\+\d{4,15}$/);
            const parsed = parsePhoneNumberFromString(contact.phone, region);
            expect(parsed?.isValid(), contact.phone).to.equal(true);
            expect(parsed?.number).to.equal(contact.phone);
          }
          if (contact.email !== null) expect(normaliseEmail(contact.email)).to.equal(contact.email);
        },
      ),
      { numRuns: 150, endOnFailure: true },
    );
  });

  /** Filler texts, then `planted` at a random place in one more text, all within the searched budget. */
  const plantedWithin = (planted: string) =>
    fc
      .tuple(fc.array(noise(CONTACT_SCAN_CHARS_PER_TEXT), { maxLength: 3 }), noise(3000), noise(3000))
      .filter(
        ([before, head]) =>
          before.reduce((sum, t) => sum + t.length, 0) + head.length + planted.length + 2 + CUT_ROOM <=
            CONTACT_SCAN_CHARS_IN_ALL && head.length + planted.length + 2 + CUT_ROOM <= CONTACT_SCAN_CHARS_PER_TEXT,
      )
      .map(([before, head, tail]) => [...before, `${head} ${planted} ${tail}`]);

  it('finds a phone the visitor wrote anywhere within the searched part', () => {
    const written = fc
      .tuple(fc.constantFrom('+7 912 ', '8 (912) ', '+7912', '8-912-'), fc.stringMatching(/^\d{7}$/))
      .map(([prefix, digits]) => ({
        text: `${prefix}${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`,
        e164: `+7912${digits}`,
      }));
    fc.assert(
      fc.property(
        written.chain((phone) => plantedWithin(phone.text).map((texts) => ({ phone, texts }))),
        ({ phone, texts }) => {
          const contact = extractContact({}, texts, 'RU');
          expect(contact.phone).to.equal(phone.e164);
          expect(contact.phoneFrom).to.equal('message');
        },
      ),
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('finds an email the visitor wrote anywhere within the searched part', () => {
    const written = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,30}$/),
        fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        fc.constantFrom('ru', 'com', 'org', 'info'),
      )
      .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
    fc.assert(
      fc.property(
        written.chain((email) => plantedWithin(email).map((texts) => ({ email, texts }))),
        ({ email, texts }) => {
          const contact = extractContact({}, texts, 'RU');
          expect(contact.email).to.equal(email);
          expect(contact.emailFrom).to.equal('message');
        },
      ),
      { numRuns: 150, endOnFailure: true },
    );
  });
});

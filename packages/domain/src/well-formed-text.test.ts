import { expect } from 'chai';
import { firstIllFormedText, mayHoldLoneSurrogate, wellFormedJsonValue } from './well-formed-text';

describe('well-formed text (lone UTF-16 surrogates)', () => {
  it('finds the first string with a lone surrogate, value or key, and says where it is', () => {
    expect(firstIllFormedText({ a: 'ok', b: [1, 'ok', { c: 'x\ud800' }] })).to.equal('b.2.c');
    expect(firstIllFormedText({ ['k\udc00']: 1 })).to.equal('k\udc00');
    expect(firstIllFormedText('\ud800')).to.equal('');
    expect(firstIllFormedText({ emoji: '😀', text: 'Привет', n: 1, none: null })).to.equal(null);
  });

  it('walks a stranger-deep nesting without exhausting the stack', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`) as unknown;
    expect(firstIllFormedText(deep)?.split('.').length).to.equal(depth);
    const fixed = wellFormedJsonValue(deep);
    expect(firstIllFormedText(fixed)).to.equal(null);
  });

  it('replaces lone surrogates with U+FFFD in place and keeps everything else', () => {
    const value = { name: 'a\ud800b', list: ['\udfff', 2, null, true], ['k\ud800']: { ok: '😀' } };
    expect(wellFormedJsonValue(value)).to.deep.equal({
      name: 'a\ufffdb',
      list: ['\ufffd', 2, null, true],
      ['k\ufffd']: { ok: '😀' },
    });
  });

  it('keeps the well-formed key when a repaired key would take its place', () => {
    expect(wellFormedJsonValue({ ['\ud800']: 'a', ['\ufffd']: 'b' })).to.deep.equal({ ['\ufffd']: 'b' });
    expect(wellFormedJsonValue({ ['\ufffd']: 'keep', ['\ud800']: 'x' })).to.deep.equal({ ['\ufffd']: 'keep' });
  });

  it('tells a JSON text that can hold one from one that cannot', () => {
    expect(mayHoldLoneSurrogate('{"a":"\\ud800"}')).to.equal(true);
    // Written directly, as a body declared charset=utf-16le decodes.
    expect(mayHoldLoneSurrogate('{"a":"\ud800"}')).to.equal(true);
    expect(mayHoldLoneSurrogate('{"a":"\\uD83D\\uDE00"}')).to.equal(true);
    expect(mayHoldLoneSurrogate('{"a":"\\u0041 😀"}')).to.equal(false);
  });
});

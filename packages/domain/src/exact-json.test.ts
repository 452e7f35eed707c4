import { expect } from 'chai';
import { parseExactJson } from './exact-json';

describe('parseExactJson', () => {
  it('keeps an integer past 2^53 as its exact digits', () => {
    expect(parseExactJson('{"id":1160406004324630614,"n":42}')).to.deep.equal({ id: '1160406004324630614', n: 42 });
  });

  it('keeps a cursor of a float timestamp and a huge id exact enough to send back', () => {
    const position = parseExactJson('[1684739969.358085, 1160406004324630614]') as unknown[];
    expect(JSON.stringify(position)).to.equal('[1684739969.358085,"1160406004324630614"]');
  });

  it('reads ordinary JSON exactly as JSON.parse does', () => {
    const text = '{"a":[1,2.5,"x",null,true],"b":{"c":-3}}';
    expect(parseExactJson(text)).to.deep.equal(JSON.parse(text));
  });

  it('does not turn an exponent form into digits it never had', () => {
    expect(parseExactJson('{"id":1e30,"pad":"1234567890123456"}')).to.deep.include({ id: 1e30 });
  });

  it('throws on invalid JSON like JSON.parse', () => {
    expect(() => parseExactJson('{"id":12345678901234567,')).to.throw();
  });

  it('reads a lone surrogate escape as U+FFFD, in values and keys, on both paths; a pair stays an emoji', () => {
    const text = '{"name":"Ан\\ud800на","\\udc00k":["x\\udfff",{"deep":"\\ud83d\\ude00"}]}';
    expect(parseExactJson(text)).to.deep.equal({ name: 'Ан\ufffdна', '\ufffdk': ['x\ufffd', { deep: '😀' }] });
    const withLongId = parseExactJson('{"id":1160406004324630614,"name":"\\ud800"}') as Record<string, unknown>;
    expect(withLongId).to.deep.equal({ id: '1160406004324630614', name: '\ufffd' });
    expect(parseExactJson('"\\ud800"')).to.equal('\ufffd');
    // Not escaped but in the text itself (a body decoded from UTF-16).
    expect(parseExactJson('{"name":"a\ud800"}')).to.deep.equal({ name: 'a\ufffd' });
  });
});

import { expect } from 'chai';
import { RateLimitByKey } from './rate-limit-by-key';

describe('RateLimitByKey (the fake app’s rate limit)', () => {
  it('lets the limit through per key in each second, refuses the rest for a second, and starts again in the next', () => {
    let clock = 5_000_200;
    const limit = new RateLimitByKey(3, () => clock);
    const answers = () => [1, 2, 3, 4, 5].map(() => limit.take('a'));
    expect(answers()).to.deep.equal([undefined, undefined, undefined, 1, 1]);
    expect(limit.take('b'), 'another key has a limit of its own').to.equal(undefined);
    clock += 799; // still the same second
    expect(limit.take('a')).to.equal(1);
    clock += 1;
    expect(answers()).to.deep.equal([undefined, undefined, undefined, 1, 1]);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new RateLimitByKey(0)).to.throw();
    expect(() => new RateLimitByKey(1.5)).to.throw();
  });
});

import { expect } from 'chai';
import { KeyRateLimiter } from './key-rate-limiter';

describe('KeyRateLimiter', () => {
  it('allows a burst, then refuses, then refills at the sustained rate', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(10, 5, 100, () => now);
    const burst = Array.from({ length: 7 }, () => limiter.take('a'));
    expect(burst).to.deep.equal([true, true, true, true, true, false, false]);
    now += 300; // 3 tokens back
    expect(Array.from({ length: 4 }, () => limiter.take('a'))).to.deep.equal([true, true, true, false]);
  });

  it('keeps keys apart: one noisy key does not limit another', () => {
    const limiter = new KeyRateLimiter(1, 2, 100, () => 0);
    limiter.take('noisy');
    limiter.take('noisy');
    expect(limiter.take('noisy')).to.equal(false);
    expect(limiter.take('quiet')).to.equal(true);
  });

  it('stays bounded, forgetting the idlest key', () => {
    const limiter = new KeyRateLimiter(1, 1, 2, () => 0);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a')).to.equal(true);
    expect(limiter.take('c')).to.equal(false);
  });
});

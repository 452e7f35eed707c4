import { expect } from 'chai';
import { livePriority, MAX_LIVE_PRIORITY, rateBucket, slidingCount } from './live-priority';

describe('livePriority', () => {
  it('leaves an integration below the threshold without a priority (the FIFO wait list)', () => {
    expect([0, 1, 19].map((recent) => livePriority(recent, 20))).to.deep.equal([undefined, undefined, undefined]);
  });

  it('puts a bursting integration behind, one step further each time its rate doubles', () => {
    expect([20, 39, 40, 80, 160, 1500].map((recent) => livePriority(recent, 20))).to.deep.equal([1, 1, 2, 3, 4, 7]);
  });

  it('never reaches the background imports priority, however large the burst', () => {
    expect(livePriority(20 * 2 ** 20, 20)).to.equal(MAX_LIVE_PRIORITY);
    expect(MAX_LIVE_PRIORITY).to.be.below(10);
  });

  it('gives no priority when the threshold is not a positive number (nothing is a burst)', () => {
    expect(livePriority(1000, 0)).to.equal(undefined);
  });
});

describe('slidingCount', () => {
  it('adds the previous bucket weighted by the part of it the window still covers', () => {
    expect(slidingCount(5, 100, 10_000, 10_000)).to.equal(105);
    expect(slidingCount(5, 100, 12_500, 10_000)).to.equal(80);
    expect(slidingCount(5, 100, 19_999, 10_000)).to.equal(5);
  });

  it('numbers buckets by the window they start', () => {
    expect([0, 9_999, 10_000, 25_000].map((now) => rateBucket(now, 10_000))).to.deep.equal([0, 0, 1, 2]);
  });
});

import { expect } from 'chai';
import { computeRetryDelay, DEFAULT_RETRY_POLICY, retryWindowMs } from './retry-policy';

describe('computeRetryDelay', () => {
  const policy = { attempts: 20, baseDelayMs: 1000, maxDelayMs: 60_000 };

  it('doubles from the base delay and stops at the cap', () => {
    const top = (made: number) => computeRetryDelay(made, policy, () => 1);
    expect([1, 2, 3, 4, 7, 8, 30].map(top)).to.deep.equal([1000, 2000, 4000, 8000, 60_000, 60_000, 60_000]);
  });

  it('jitters between 50% and 100% of the ceiling', () => {
    expect(computeRetryDelay(3, policy, () => 0)).to.equal(2000);
    expect(computeRetryDelay(3, policy, () => 0.5)).to.equal(3000);
  });

  it('keeps a job retrying for 4 to 8.5 hours with the default policy, whatever the jitter', () => {
    const hour = 60 * 60 * 1000;
    expect(retryWindowMs(DEFAULT_RETRY_POLICY, () => 0)).to.be.within(4 * hour, 8 * hour);
    expect(retryWindowMs(DEFAULT_RETRY_POLICY, () => 1)).to.be.within(4 * hour, 8.5 * hour);
  });
});

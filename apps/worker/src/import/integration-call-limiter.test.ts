import { expect } from 'chai';
import { CarrotQuestError, CarrotQuestErrorCode } from '@carrot-bridge/carrotquest';
import { IntegrationCallLimiter } from './integration-call-limiter';
import { IntegrationThrottleCode, IntegrationThrottledError } from './integration-throttled-error';

/** A call that stays in flight until the test settles it. */
function pending<T>() {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}
const turnedAway = (run: () => unknown): IntegrationThrottledError => {
  try {
    run();
  } catch (error) {
    if (error instanceof IntegrationThrottledError) return error;
    throw error;
  }
  throw new Error('the job was admitted');
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('IntegrationCallLimiter', () => {
  let clock = 1_000_000;
  const now = () => clock;

  it('admits up to the cap of jobs per integration, then turns the next away, others unaffected', () => {
    const limiter = new IntegrationCallLimiter(2, now);
    limiter.admit('a');
    limiter.admit('a');
    expect(turnedAway(() => limiter.admit('a')).code).to.equal(IntegrationThrottleCode.Busy);
    expect(() => limiter.admit('b')).not.to.throw();
  });

  it('spaces the jobs turned away by the integration’s pace, so a backlog returns as slots free', () => {
    const limiter = new IntegrationCallLimiter(2, now);
    limiter.admit('a');
    limiter.admit('a');
    const delays = [1, 2, 3, 4].map(() => turnedAway(() => limiter.admit('a')).delayMs);
    // 300 ms assumed per job, two at a time: one every 150 ms.
    expect(delays).to.deep.equal([150, 300, 450, 600]);
  });

  it('measures the pace over the CarrotQuest calls only: a job slow before its first call (the database) does not slow the returns', async () => {
    const limiter = new IntegrationCallLimiter(2, now);
    limiter.admit('a'); // keeps the integration at work (an idle one is forgotten, its pace with it)
    const slowDatabase = limiter.admit('a');
    clock += 10_000; // PostgreSQL down: the job never got to CarrotQuest
    slowDatabase.release();
    const reading = limiter.admit('a');
    clock += 500;
    const call = pending<string>();
    const result = reading.call(() => call.promise);
    clock += 100;
    call.resolve('read');
    await result;
    reading.release();
    limiter.admit('a');
    // 300 ms assumed, then one read of 100 ms (0.2 of the way): 260 ms, two at a time.
    expect(turnedAway(() => limiter.admit('a')).delayMs).to.equal(130);
  });

  it('places a job turned away behind the returns still ahead at the current pace, so a faster pace brings the schedule in', async () => {
    const limiter = new IntegrationCallLimiter(2, now);
    limiter.admit('a'); // keeps the integration at work
    const slow = limiter.admit('a');
    const call = pending<string>();
    const result = slow.call(() => call.promise);
    clock += 10_300; // one slow spell: the average becomes 300 + 0.2 × 10 000 = 2 300 ms
    call.resolve('read');
    await result;
    slow.release();
    const lease = limiter.admit('a');
    expect([1, 2, 3].map(() => turnedAway(() => limiter.admit('a')).delayMs)).to.deep.equal([1_150, 2_300, 3_450]);
    await lease.call(() => Promise.resolve('quick'));
    lease.release(); // its read took no time: 2 300 × 0.8 = 1 840 ms, two at a time
    limiter.admit('a');
    clock += 1_200; // the first of the three came back (and was admitted above, say)
    // Two still ahead: third in line at the new pace, not after the last return handed out (+3 170).
    expect(turnedAway(() => limiter.admit('a')).delayMs).to.equal(3 * 920);
  });

  it('spaces the jobs turned away during a cool-down after its end, so they do not all come back at once', async () => {
    const limiter = new IntegrationCallLimiter(2, now);
    const lease = limiter.admit('c');
    const limited = new CarrotQuestError(CarrotQuestErrorCode.RateLimited, '429', { retryAfterMs: 1_000 });
    await lease.call(() => Promise.reject(limited)).catch(() => undefined);
    lease.release();
    const delays = [1, 2, 3].map(() => turnedAway(() => limiter.admit('c')).delayMs);
    // The cool-down's end, then one every 300 / 2 ms (the average moved towards the 0 ms read: 240 ms).
    expect(delays).to.deep.equal([1_120, 1_240, 1_360]);
  });

  it('admits again once a job releases its share', () => {
    const limiter = new IntegrationCallLimiter(1, now);
    const lease = limiter.admit('a');
    turnedAway(() => limiter.admit('a'));
    lease.release();
    lease.release(); // twice is once
    limiter.admit('a');
    turnedAway(() => limiter.admit('a'));
  });

  it('keeps at most the cap of calls in flight per integration; the others wait their turn', async () => {
    const limiter = new IntegrationCallLimiter(2, now);
    const lease = limiter.admit('a');
    const calls = [0, 1, 2, 3, 4].map(() => pending<number>());
    const started: number[] = [];
    const results = calls.map((c, i) => lease.call(() => (started.push(i), c.promise)));
    await tick();
    expect(started).to.deep.equal([0, 1]);
    expect(limiter.inFlight('a')).to.equal(2);
    calls[0]!.resolve(0);
    await tick();
    expect(started).to.deep.equal([0, 1, 2]);
    expect(limiter.inFlight('a')).to.equal(2);
    calls.slice(1).forEach((c, i) => c.resolve(i + 1));
    expect(await Promise.all(results)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(limiter.inFlight('a')).to.equal(0);
  });

  it('after a 429 calls nothing of that integration until Retry-After, and turns its new jobs away meanwhile', async () => {
    const limiter = new IntegrationCallLimiter(2, now);
    const lease = limiter.admit('c');
    const limited = new CarrotQuestError(CarrotQuestErrorCode.RateLimited, '429', { retryAfterMs: 5_000 });
    const first = pending<never>();
    const second = pending<string>();
    const third = pending<string>();
    const calls: string[] = [];
    const results = [
      lease.call(() => (calls.push('first'), first.promise)),
      lease.call(() => (calls.push('second'), second.promise)),
      lease.call(() => (calls.push('third'), third.promise)),
    ].map((p) => p.catch((error: unknown) => error));
    await tick();
    first.reject(limited);
    await tick();
    // The third call got the freed slot while the integration cools down: refused without calling.
    expect(calls).to.deep.equal(['first', 'second']);
    expect(await results[2]).to.be.instanceOf(IntegrationThrottledError);
    expect(await results[0]).to.equal(limited);
    const cooling = turnedAway(() => limiter.admit('c'));
    expect(cooling.code).to.equal(IntegrationThrottleCode.CoolingDown);
    // Behind the third call's job, turned away above: second in line after the cool-down.
    expect(cooling.delayMs).to.equal(5_000 + 2 * 150);
    expect(() => limiter.admit('d')).not.to.throw();
    clock += 5_001;
    second.resolve('ok');
    expect(await results[1]).to.equal('ok');
    expect(await lease.call(() => Promise.resolve('after'))).to.equal('after');
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new IntegrationCallLimiter(0)).to.throw();
  });
});

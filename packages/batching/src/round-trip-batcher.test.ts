import { expect } from 'chai';
import { RoundTripBatcher } from './round-trip-batcher';

/** A fake round trip: records each batch, answers when the test says so. */
function fakeRoundTrips() {
  const calls: Array<{ items: number[]; answer: (results?: string[]) => void; fail: (error: Error) => void }> = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ items, answer: (results) => resolve(results ?? items.map((i) => `r${i}`)), fail: reject });
    });
  return { calls, run };
}

describe('RoundTripBatcher', () => {
  it('sends a lone item at once, and items that arrive meanwhile together in the next round trip', async () => {
    const { calls, run } = fakeRoundTrips();
    const batcher = new RoundTripBatcher(run, { maxBatch: 100, maxInFlight: 1 });
    const first = batcher.submit(1);
    expect(calls.map((c) => c.items)).to.deep.equal([[1]]);
    const rest = [2, 3, 4].map((i) => batcher.submit(i));
    expect(calls).to.have.length(1);
    calls[0]!.answer();
    expect(await first).to.equal('r1');
    await new Promise((r) => setImmediate(r));
    expect(calls.map((c) => c.items)).to.deep.equal([[1], [2, 3, 4]]);
    calls[1]!.answer();
    expect(await Promise.all(rest)).to.deep.equal(['r2', 'r3', 'r4']);
  });

  it('keeps up to maxInFlight round trips going and splits batches at maxBatch', async () => {
    const { calls, run } = fakeRoundTrips();
    const batcher = new RoundTripBatcher(run, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((i) => batcher.submit(i));
    expect(calls.map((c) => c.items)).to.deep.equal([[1], [2]]);
    calls[0]!.answer();
    await new Promise((r) => setImmediate(r));
    expect(calls.map((c) => c.items)).to.deep.equal([[1], [2], [3, 4]]);
    calls[1]!.answer();
    calls[2]!.answer();
    await new Promise((r) => setImmediate(r));
    calls[3]!.answer();
    await new Promise((r) => setImmediate(r));
    expect(calls.map((c) => c.items)).to.deep.equal([[1], [2], [3, 4], [5, 6]]);
    expect(await Promise.all(all)).to.deep.equal(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('a failed round trip rejects its own items only, and a wrong count of results rejects them too', async () => {
    const { calls, run } = fakeRoundTrips();
    const batcher = new RoundTripBatcher(run, { maxBatch: 100, maxInFlight: 1 });
    const first = batcher.submit(1);
    const second = [batcher.submit(2), batcher.submit(3)];
    calls[0]!.fail(new Error('Redis went away'));
    expect(await first.catch((e: Error) => e.message)).to.equal('Redis went away');
    await new Promise((r) => setImmediate(r));
    calls[1]!.answer(['only one']);
    for (const p of second) expect(await p.catch((e: Error) => e.message)).to.match(/1 results for 2 items/);
    const third = batcher.submit(4);
    calls[2]!.answer();
    expect(await third).to.equal('r4');
  });

  it('settled() waits for every answer, including items queued behind a round trip in flight', async () => {
    const { calls, run } = fakeRoundTrips();
    const batcher = new RoundTripBatcher(run, { maxBatch: 100, maxInFlight: 1 });
    const answered: number[] = [];
    void batcher.submit(1).then(() => answered.push(1));
    void batcher.submit(2).then(() => answered.push(2));
    let settled = false;
    const waiting = batcher.settled().then(() => (settled = true));
    calls[0]!.answer();
    await new Promise((r) => setImmediate(r));
    expect(settled).to.equal(false);
    calls[1]!.answer();
    await waiting;
    expect(answered).to.deep.equal([1, 2]);
  });
});

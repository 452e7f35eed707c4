import { expect } from 'chai';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('dispatches a ready batch at the next turn while fewer than maxInFlight are being written', async () => {
    const commits = new GroupCommit(2);
    let dispatched = false;
    commits.schedule(() => (dispatched = true));
    expect(dispatched).to.equal(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(dispatched).to.equal(true);
  });

  it('holds further batches while maxInFlight are being written, and lets one go as each write ends', async () => {
    const commits = new GroupCommit(2);
    const releases: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const batch = (n: number) => () =>
      void commits.run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      });
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    commits.schedule(batch(1));
    commits.schedule(batch(2));
    commits.schedule(batch(3));
    commits.schedule(batch(4));
    await tick();
    expect(order).to.deep.equal([1, 2]);
    releases.shift()!();
    await tick();
    await tick();
    expect(order).to.deep.equal([1, 2, 3]);
    releases.shift()!();
    releases.shift()!();
    await tick();
    await tick();
    expect(order).to.deep.equal([1, 2, 3, 4]);
    expect(most).to.equal(2);
  });

  it('lets the next batch go when a write fails', async () => {
    const commits = new GroupCommit(1);
    await commits.run(async () => Promise.reject(new Error('refused'))).catch(() => undefined);
    let dispatched = false;
    commits.schedule(() => (dispatched = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(dispatched).to.equal(true);
  });
});

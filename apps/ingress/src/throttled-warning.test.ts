import { expect } from 'chai';
import { ThrottledWarning } from './throttled-warning';

describe('ThrottledWarning', () => {
  it('warns at once, then at most once per interval with the count it held back', () => {
    let now = 0;
    const warnings: number[] = [];
    const warning = new ThrottledWarning(
      10_000,
      (count) => warnings.push(count),
      () => now,
      () => ({ cancel: () => undefined }),
    );
    warning.note();
    for (let i = 0; i < 999; i += 1) {
      now += 5;
      warning.note();
    }
    expect(warnings).to.deep.equal([1]);
    now = 10_000;
    warning.note();
    expect(warnings).to.deep.equal([1, 1000]);
  });

  it('writes what it held back once the interval ends, counted per key', () => {
    let now = 0;
    let scheduled: (() => void) | null = null;
    const warnings: Array<[number, Record<string, number>]> = [];
    const warning = new ThrottledWarning(
      10_000,
      (count, byKey) => warnings.push([count, byKey]),
      () => now,
      (run) => {
        scheduled = run;
        return { cancel: () => (scheduled = null) };
      },
    );
    warning.note('a');
    now = 5;
    warning.note('a');
    warning.note('b');
    expect(warnings).to.deep.equal([[1, { a: 1 }]]);
    now = 10_000;
    expect(scheduled).to.be.a('function');
    scheduled!();
    expect(warnings).to.deep.equal([
      [1, { a: 1 }],
      [2, { a: 1, b: 1 }],
    ]);
  });
});

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
});

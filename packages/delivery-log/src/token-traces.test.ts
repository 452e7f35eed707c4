import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import { findTokenTrace, tokenTraces } from './token-traces';

const TOKEN = 'Wq7tok3n/Zx9+Rv2Lp-5c81e';

describe('tokenTraces / findTokenTrace', () => {
  const traces = tokenTraces(TOKEN);

  it('each form finds its own example inside other text', () => {
    expect(traces.length).to.be.at.least(11);
    const missed = traces.filter((trace) => !trace.foundIn(`before ${trace.example} after`)).map((t) => t.name);
    expect(missed).to.deep.equal([]);
  });

  it('findTokenTrace names a form for every example and none for text without the token', () => {
    const found = traces.map((trace) => findTokenTrace(`{"a":"x ${trace.example} y"}`, ['other', TOKEN]));
    expect(found.map((name) => name !== null)).to.deep.equal(traces.map(() => true));
    expect(findTokenTrace('{"token":"[redacted]","q":"token=%5Bredacted%5D"}', [TOKEN])).to.equal(null);
    expect(findTokenTrace('anything', [])).to.equal(null);
  });

  it('reads long runs of backslashes and percent signs in linear time', () => {
    const time = (n: number) => {
      const text = `${'\\'.repeat(n)}x${'%'.repeat(n)}${'\\\\u00'.repeat(n / 4)}`;
      findTokenTrace(text, [TOKEN]);
      const started = performance.now();
      findTokenTrace(text, [TOKEN]);
      return performance.now() - started;
    };
    const ratio = time(200_000) / Math.max(time(12_500), 0.05);
    expect(ratio).to.be.at.most(40);
  });
});

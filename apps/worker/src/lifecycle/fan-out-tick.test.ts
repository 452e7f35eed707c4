import { expect } from 'chai';
import { fanOutTickHandler, FanOutUseCase } from './fan-out-tick';

describe('a repeating tick', () => {
  it('queues one job per listed id and says how many', async () => {
    const queued: string[] = [];
    const fanOut = new FanOutUseCase(
      async () => ['a', 'b', 'c'],
      async (id) => queued.push(id),
    );
    expect(await fanOut.execute()).to.deep.equal({ queued: 3 });
    expect(queued).to.deep.equal(['a', 'b', 'c']);
  });

  it('retries nothing itself: a failed tick names its code, and the next tick fans out again', () => {
    const handler = fanOutTickHandler(
      { label: 'catch-up tick', failureCode: 'catch_up_tick_failed' },
      new FanOutUseCase(
        async () => [],
        async () => 0,
      ),
    );
    expect(handler.decide(new Error('PostgreSQL down'))).to.deep.equal({
      action: 'retry',
      code: 'catch_up_tick_failed',
      reason: 'catch-up tick failed; the next tick tries again: PostgreSQL down',
    });
    expect(handler.report?.({ queued: 2 })).to.deep.include({ outcome: 'completed', fields: { queued: 2 } });
  });
});

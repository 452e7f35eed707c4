import { expect } from 'chai';
import { payloadHandler } from './job-handler-parts';

describe('payloadHandler', () => {
  it('hands the use case the whole payload and logs only the named fields, in their order', async () => {
    const seen: unknown[] = [];
    const handler = payloadHandler(
      {
        execute: async (data: { integrationId: string; runId: string; window: number }) => {
          seen.push(data);
          return { status: 'done' };
        },
      },
      {
        label: 'backfill',
        logged: ['runId', 'integrationId'],
        decide: () => ({ action: 'retry', code: 'x', reason: 'x' }),
      },
    );
    const data = { integrationId: 'i-1', runId: 'r-1', window: 7 };

    expect(await handler.execute(data)).to.deep.equal({ status: 'done' });
    expect(seen).to.deep.equal([data]);
    const described = handler.describe?.(data);
    expect(described).to.deep.equal({ runId: 'r-1', integrationId: 'i-1' });
    expect(Object.keys(described ?? {})).to.deep.equal(['runId', 'integrationId']);
  });
});

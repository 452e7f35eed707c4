import { expect } from 'chai';
import { reportByStatus } from './job-reports';

describe('reportByStatus', () => {
  it('counts only a skip as skipped; the status is the code and the outcome the fields', () => {
    const report = reportByStatus('backfill');
    expect(report({ status: 'skipped' })).to.include({
      outcome: 'skipped',
      code: 'skipped',
      message: 'backfill skipped',
    });
    expect(report({ status: 'interrupted' })).to.include({ outcome: 'completed', code: 'interrupted' });
    expect(report({ status: 'done', queued: 3 } as { status: string })).to.deep.include({
      outcome: 'completed',
      fields: { status: 'done', queued: 3 },
    });
  });
});

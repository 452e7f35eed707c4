import { expect } from 'chai';
import type { BackfillProgress } from '../backfill/backfill-progress';
import { backfillProgressLine } from './backfill-progress-line';

const progress = (over: Partial<BackfillProgress>): BackfillProgress => ({
  integrationId: 'i',
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-02-01T00:00:00.000Z',
  status: 'running',
  stopRequested: false,
  cursor: null,
  scanned: 0,
  queued: 0,
  fraction: 0,
  newestUpdate: null,
  startedAt: '',
  updatedAt: '',
  error: null,
  ...over,
});

describe('backfillProgressLine', () => {
  it('shows the bar, percent, counts, rate and the time left at that rate', () => {
    expect(backfillProgressLine(progress({ fraction: 0.25, scanned: 500, queued: 420 }), 20, 500)).to.equal(
      '[######------------------]  25%  scanned 500  queued 420  25/s  ETA 1:00  running',
    );
  });

  it('says it cannot tell the time left before anything was read, and 0 when done', () => {
    expect(backfillProgressLine(progress({}), 0, 0)).to.contain('ETA ?');
    expect(backfillProgressLine(progress({ fraction: 1, status: 'done', scanned: 9 }), 3, 9))
      .to.contain('100%')
      .and.contain('ETA 0:00  done');
  });
});

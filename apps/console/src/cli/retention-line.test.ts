import { expect } from 'chai';
import { retentionLine } from './retention-line';

const finished = new Date('2026-12-03T04:00:00.000Z');
const started = new Date('2026-12-03T03:59:58.000Z');

describe('retentionLine (pnpm cq status)', () => {
  it('names the days and the last sweep with what it erased', () => {
    expect(
      retentionLine({ days: 30, lastRun: { startedAt: started, finishedAt: finished, erased: 12, error: null } }),
    ).to.equal('retention: 30 days; last sweep 2026-12-03T04:00:00.000Z — erased 12 chats');
    expect(
      retentionLine({ days: 1, lastRun: { startedAt: started, finishedAt: finished, erased: 1, error: null } }),
    ).to.equal('retention: 1 day; last sweep 2026-12-03T04:00:00.000Z — erased 1 chat');
  });

  it('says when nothing is set, before the first sweep and while one runs', () => {
    expect(retentionLine({ days: null, lastRun: null })).to.equal('retention: not set — chats are kept for ever');
    // A run left over from when retention was on: the setting, not the old run, decides the line.
    expect(
      retentionLine({ days: null, lastRun: { startedAt: started, finishedAt: finished, erased: 3, error: null } }),
    ).to.equal('retention: not set — chats are kept for ever');
    expect(retentionLine({ days: 365, lastRun: null })).to.equal('retention: 365 days; no sweep yet (it runs daily)');
    expect(
      retentionLine({ days: 30, lastRun: { startedAt: started, finishedAt: null, erased: 0, error: null } }),
    ).to.equal('retention: 30 days; sweep running since 2026-12-03T03:59:58.000Z');
  });

  it('shows a failed sweep with its reason made terminal-safe', () => {
    expect(
      retentionLine({
        days: 30,
        lastRun: { startedAt: started, finishedAt: finished, erased: 0, error: 'database gone\x1b[2J' },
      }),
    ).to.equal(
      'retention: 30 days; last sweep 2026-12-03T04:00:00.000Z — erased 0 chats; failed: database gone\\x1b[2J',
    );
  });
});

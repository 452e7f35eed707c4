import { expect } from 'chai';
import { statusLines, type JobsView } from './jobs-lines';

const idle: JobsView = { waiting: 0, retrying: 0, failed: 0, lastError: null, nextTryAt: null };
const keptForEver = { days: null, lastRun: null };

describe('statusLines (pnpm cq status)', () => {
  it('says the export retries, when, why and what blocks it', () => {
    const lines = statusLines({
      jobs: idle,
      export: {
        jobs: {
          waiting: 1,
          retrying: 2,
          failed: 0,
          nextTryAt: '2026-12-03T10:00:00.000Z',
          lastError: {
            reason: 'Data API unavailable: connect ECONNREFUSED',
            attempts: 3,
            maxAttempts: 25,
            final: false,
          },
        },
        blockers: [{ severity: 'blocks', message: 'Сайт «a.example»: нет id в CoMagic' }],
      },
      retention: {
        days: 30,
        lastRun: {
          startedAt: new Date('2026-12-03T03:59:58.000Z'),
          finishedAt: new Date('2026-12-03T04:00:00.000Z'),
          erased: 12,
          error: null,
        },
      },
    });
    expect(lines).to.deep.equal([
      'import jobs: waiting 0, retrying 0, failed 0',
      'export jobs: waiting 1, retrying 2, next try at 2026-12-03T10:00:00.000Z, failed 0',
      '  last error (will retry, attempt 3 of 25): Data API unavailable: connect ECONNREFUSED',
      'export blockers:',
      '  - [blocks] Сайт «a.example»: нет id в CoMagic',
      'retention: 30 days; last sweep 2026-12-03T04:00:00.000Z — erased 12 chats',
    ]);
  });

  it('says "unknown" with Redis down, never 0, and neutralises control characters in reasons', () => {
    const unknown = { ...idle, waiting: null, retrying: null, failed: null, unavailable: 'Очередь недоступна' };
    const lines = statusLines({
      jobs: unknown,
      export: {
        jobs: { ...idle, failed: 1, lastError: { reason: 'bad\x1b[2J', attempts: 25, maxAttempts: 25, final: true } },
        blockers: [],
      },
      retention: keptForEver,
    });
    expect(lines[0]).to.equal('import jobs: unknown (Очередь недоступна)');
    expect(lines[2]).to.equal('  last error (failed for good, attempt 25 of 25): bad\\x1b[2J');
    expect(lines[3]).to.equal('export blockers: none');
    expect(statusLines({ jobs: idle, export: null, retention: keptForEver })).to.deep.equal([
      'import jobs: waiting 0, retrying 0, failed 0',
      'export: off',
      'retention: not set — chats are kept for ever',
    ]);
  });
});

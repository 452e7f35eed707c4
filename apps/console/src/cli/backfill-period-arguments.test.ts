import { expect } from 'chai';
import { backfillPeriodLine, readBackfillPeriod } from './backfill-period-arguments';

const now = new Date('2026-12-03T17:00:00Z');
const problemOf = (from: string | undefined, to?: string) => {
  const read = readBackfillPeriod(from, to, now);
  expect(read.ok, JSON.stringify(read)).to.equal(false);
  return (read as { problem: string }).problem;
};

describe('pnpm cq backfill: the period from ISO dates only', () => {
  it('reads a bare --from day from 00:00 UTC and includes a bare --to day whole', () => {
    expect(readBackfillPeriod('2026-11-03', '2026-12-02', now)).to.deep.equal({
      ok: true,
      period: { from: new Date('2026-11-03T00:00:00Z'), to: new Date('2026-12-02T23:59:59Z') },
    });
  });

  it('reads full ISO timestamps with their zone, and --to defaults to now', () => {
    expect(readBackfillPeriod('2026-11-03T08:00:00+03:00', undefined, now)).to.deep.equal({
      ok: true,
      period: { from: new Date('2026-11-03T05:00:00Z'), to: now },
    });
    expect(readBackfillPeriod('2026-11-03T08:00Z', '2026-11-04T10:30:15.250Z', now)).to.deep.include({ ok: true });
  });

  it('refuses «03.11.2026» naming --from and the format, never reading it as 11 March', () => {
    expect(problemOf('03.11.2026', '2026-12-01')).to.match(/^--from must be YYYY-MM-DD .*; got "03\.11\.2026"$/);
  });

  it('blames the argument that is wrong: --from 01.12.2025 is --from, not --to', () => {
    expect(problemOf('01.12.2025')).to.match(/^--from must be YYYY-MM-DD/);
    expect(problemOf('2026-11-01', '01.12.2026')).to.match(/^--to must be YYYY-MM-DD .*got "01\.12\.2026"/);
  });

  it('refuses a timestamp without its zone, a day not in the calendar, a time not of the day', () => {
    expect(problemOf('2026-11-03T08:00')).to.match(/^--from must be .*with its zone/);
    expect(problemOf('2026-02-30')).to.equal('--from "2026-02-30" is not a day of the calendar');
    expect(problemOf('2026-11-03T25:00Z')).to.equal('--from "2026-11-03T25:00Z" is not a time of day');
    expect(problemOf('2026-11-3')).to.match(/^--from must be/);
  });

  it('needs --from, refuses a future start or end, an end before the start, more than 366 days', () => {
    expect(problemOf(undefined)).to.match(/^backfill needs --from <YYYY-MM-DD>/);
    expect(problemOf('2026-12-04')).to.match(/^--from 2026-12-04 is in the future/);
    expect(problemOf('2026-11-01', '2026-12-04')).to.match(/^--to 2026-12-04 is in the future/);
    expect(readBackfillPeriod('2026-11-01', '2026-12-03', now)).to.deep.include({ ok: true });
    expect(problemOf('2026-11-05', '2026-11-04')).to.equal('--from 2026-11-05 must be before --to 2026-11-04');
    expect(problemOf('2025-11-01')).to.match(
      /^the period from --from 2025-11-01 to --to \(not given: now, 2026-12-03T17:00:00\.000Z\) is longer than 366 days/,
    );
    expect(readBackfillPeriod('2025-12-03', '2026-12-03', now)).to.deep.include({ ok: true });
  });

  it('prints the period as understood, in UTC as the backfill runs it', () => {
    const read = readBackfillPeriod('2026-11-03', '2026-12-03', now);
    expect(backfillPeriodLine((read as { period: { from: Date; to: Date } }).period)).to.equal(
      'backfill: period 2026-11-03 00:00:00 – 2026-12-03 23:59:59 (UTC)',
    );
  });
});

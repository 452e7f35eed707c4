import { expect } from 'chai';
import { EMPTY_UTM, type SessionCapture } from './session-capture';
import {
  decideSessionLookup,
  nextSessionLookupStep,
  SESSION_REPORT_MAX_PERIOD_MS,
  sessionLookupHoldsExport,
  sessionLookupWindows,
} from './session-lookup';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-25T10:00:00Z');
const timings = { retryMs: 120_000, giveUpAfterMs: 7_200_000 };
const capture = (over: Partial<SessionCapture> = {}): SessionCapture => ({
  ...EMPTY_UTM,
  sessionId: '4411928373',
  visitorId: '772001',
  siteKey: null,
  sessionStartedAt: new Date(NOW.getTime() - 3_600_000),
  referrer: null,
  entrancePage: null,
  ...over,
});
const decide = (over: Partial<Parameters<typeof decideSessionLookup>[0]> = {}) =>
  decideSessionLookup({
    capture: capture(),
    sessionKnown: false,
    accountConnected: true,
    forcedMode: false,
    chatStartedAt: new Date(NOW.getTime() - 60_000),
    now: NOW,
    timings,
    ...over,
  });

describe('session lookup rules', () => {
  it('looks up an unknown captured session of a connected account around its captured start, giving up after the bound', () => {
    expect(decide()).to.deep.equal({
      externalId: '4411928373',
      visitorId: '772001',
      around: new Date(NOW.getTime() - 3_600_000),
      giveUpAt: new Date(NOW.getTime() + 7_200_000),
    });
  });

  it("reads around the chat's start when the script did not capture the session's", () => {
    expect(decide({ capture: capture({ sessionStartedAt: null }) })?.around).to.deep.equal(
      new Date(NOW.getTime() - 60_000),
    );
  });

  it('looks nothing up for a known session, an unconnected account, forced mode, or ids that are not the cabinet numbers', () => {
    expect(decide({ sessionKnown: true })).to.equal(null);
    expect(decide({ accountConnected: false })).to.equal(null);
    expect(decide({ forcedMode: true })).to.equal(null);
    expect(decide({ capture: capture({ visitorId: null }) })).to.equal(null);
    expect(decide({ capture: capture({ sessionId: 'abc' }) })).to.equal(null);
  });

  it('reads one period for a visitor’s lookups days apart, and two when they lie more than 90 days apart', () => {
    const a = new Date(NOW.getTime() - 5 * DAY);
    const b = NOW;
    expect(sessionLookupWindows([b, a])).to.deep.equal([
      { from: new Date(a.getTime() - DAY), till: new Date(b.getTime() + DAY), members: [1, 0] },
    ]);
    const far = new Date(NOW.getTime() - 89 * DAY);
    const windows = sessionLookupWindows([far, NOW]);
    expect(windows.map((w) => w.members)).to.deep.equal([[0], [1]]);
    for (const w of windows) expect(w.till.getTime() - w.from.getTime()).to.be.at.most(SESSION_REPORT_MAX_PERIOD_MS);
  });

  it('retries a session not in the report yet until giveUpAt, never past it, then calls it unknown', () => {
    const giveUpAt = new Date(NOW.getTime() + 60_000);
    expect(nextSessionLookupStep({ inReport: true, giveUpAt, now: NOW, timings })).to.deep.equal({ status: 'found' });
    expect(nextSessionLookupStep({ inReport: false, giveUpAt, now: NOW, timings })).to.deep.equal({
      status: 'pending',
      nextAttemptAt: giveUpAt,
    });
    expect(nextSessionLookupStep({ inReport: false, giveUpAt: NOW, now: NOW, timings })).to.deep.equal({
      status: 'unknown',
    });
  });

  it('holds the export only while the lookup is pending and before giveUpAt', () => {
    const giveUpAt = new Date(NOW.getTime() + 1);
    expect(sessionLookupHoldsExport({ status: 'pending', giveUpAt }, NOW)).to.equal(true);
    expect(sessionLookupHoldsExport({ status: 'pending', giveUpAt: NOW }, NOW)).to.equal(false);
    expect(sessionLookupHoldsExport({ status: 'unknown', giveUpAt }, NOW)).to.equal(false);
  });
});

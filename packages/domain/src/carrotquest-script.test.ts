import { expect } from 'chai';
import { runInNewContext } from 'node:vm';
import { buildCarrotQuestScript } from './carrotquest-script';
import { SESSION_PROPS } from './session-capture';

type Op = { op: string; key: string; value: unknown };

/** A small browser: window with timers we drive by hand, localStorage, location, referrer. */
function browser(
  options: { search?: string; tracker?: unknown; carrotquest?: unknown; storage?: Map<string, string> } = {},
) {
  const timers: Array<() => void> = [];
  const storage = options.storage ?? new Map<string, string>();
  const window: Record<string, unknown> = {
    setTimeout: (fn: () => void) => timers.push(fn),
    location: { href: `https://shop.example.ru/pricing${options.search ?? ''}`, search: options.search ?? '' },
    document: { referrer: 'https://yandex.ru/' },
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
  };
  if (options.tracker !== undefined) window.Comagic = options.tracker;
  if (options.carrotquest !== undefined) window.carrotquest = options.carrotquest;
  const run = (script: string) => runInNewContext(script, { window, JSON, Date, Math, String, decodeURIComponent });
  const tick = (n = 1) => {
    for (let i = 0; i < n && timers.length; i += 1) timers.shift()!();
  };
  return { window, run, tick, timers, storage };
}

function fakeCarrotquest() {
  const writes: Op[][] = [];
  const callbacks: Record<string, () => void> = {};
  return {
    writes,
    callbacks,
    api: {
      identify: (ops: Op[]) => writes.push(ops),
      addCallback: (name: string, cb: () => void) => (callbacks[name] = cb),
    },
  };
}

const tracker = (sessionId: string | number) => ({
  getCredentials: () => ({ session_id: sessionId, visitor_id: 90817263, site_key: 'Xk3PqA9z' }),
});
const asProps = (ops: Op[]) => Object.fromEntries(ops.map((o) => [o.key, o.value]));

describe('buildCarrotQuestScript', () => {
  it('writes the session, visitor, site key, UTMs, referrer and landing page with update_or_create', () => {
    const carrotQuest = fakeCarrotquest();
    const b = browser({
      search:
        '?utm_source=yandex&utm_medium=cpc&utm_campaign=brand&utm_term=%D0%B4%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%B0&x=1',
      tracker: tracker(4411928373),
      carrotquest: carrotQuest.api,
    });
    b.run(buildCarrotQuestScript());
    b.tick();
    expect(carrotQuest.writes).to.have.length(1);
    expect(carrotQuest.writes[0]!.every((o) => o.op === 'update_or_create')).to.equal(true);
    expect(asProps(carrotQuest.writes[0]!)).to.deep.include({
      [SESSION_PROPS.sessionId]: '4411928373',
      [SESSION_PROPS.visitorId]: '90817263',
      [SESSION_PROPS.siteKey]: 'Xk3PqA9z',
      [SESSION_PROPS.utmSource]: 'yandex',
      [SESSION_PROPS.utmMedium]: 'cpc',
      [SESSION_PROPS.utmCampaign]: 'brand',
      [SESSION_PROPS.utmTerm]: 'доставка',
      [SESSION_PROPS.referrer]: 'https://yandex.ru/',
    });
    expect(asProps(carrotQuest.writes[0]!)[SESSION_PROPS.entrancePage]).to.match(
      /^https:\/\/shop\.example\.ru\/pricing\?utm_source=yandex/,
    );
  });

  it('waits, with bounded retries and without errors, until carrotquest and the tracker exist', () => {
    const carrotQuest = fakeCarrotquest();
    const b = browser();
    b.run(buildCarrotQuestScript({ maxTries: 5 }));
    b.tick(2);
    expect(b.timers.length, 'still retrying').to.equal(1);
    b.window.carrotquest = carrotQuest.api;
    b.window.Comagic = tracker('555');
    b.tick();
    expect(carrotQuest.writes).to.have.length(1);
  });

  it('gives up quietly after its tries when the tracker never appears', () => {
    const carrotQuest = fakeCarrotquest();
    const b = browser({ carrotquest: carrotQuest.api });
    b.run(buildCarrotQuestScript({ maxTries: 3 }));
    b.tick(10);
    expect(b.timers).to.have.length(0);
    expect(carrotQuest.writes).to.have.length(0);
  });

  it('does not throw when the tracker itself throws', () => {
    const carrotQuest = fakeCarrotquest();
    const b = browser({
      carrotquest: carrotQuest.api,
      tracker: {
        getCredentials: () => {
          throw new Error('boom');
        },
      },
    });
    expect(() => {
      b.run(buildCarrotQuestScript({ maxTries: 2 }));
      b.tick(5);
    }).not.to.throw();
    expect(carrotQuest.writes).to.have.length(0);
  });

  it('falls back to getSessionId()', () => {
    const carrotQuest = fakeCarrotquest();
    const b = browser({ carrotquest: carrotQuest.api, tracker: { getSessionId: () => 777 } });
    b.run(buildCarrotQuestScript());
    b.tick();
    expect(asProps(carrotQuest.writes[0]!)[SESSION_PROPS.sessionId]).to.equal('777');
  });

  it('keeps the landing page and UTMs of the session’s first page on later pages', () => {
    const storage = new Map<string, string>();
    const first = browser({
      search: '?utm_source=google',
      tracker: tracker('1'),
      carrotquest: fakeCarrotquest().api,
      storage,
    });
    first.run(buildCarrotQuestScript());
    first.tick();
    const carrotQuest = fakeCarrotquest();
    const second = browser({ search: '', tracker: tracker('1'), carrotquest: carrotQuest.api, storage });
    second.run(buildCarrotQuestScript());
    second.tick();
    expect(asProps(carrotQuest.writes[0]!)).to.deep.include({
      [SESSION_PROPS.utmSource]: 'google',
      [SESSION_PROPS.entrancePage]: 'https://shop.example.ru/pricing?utm_source=google',
    });
  });

  it('never replaces a newer session with an older one', () => {
    const storage = new Map<string, string>([
      ['carrot_bridge_session', JSON.stringify({ id: 'newer', startedAt: Date.now() + 60_000 })],
    ]);
    const carrotQuest = fakeCarrotquest();
    const b = browser({ tracker: tracker('older'), carrotquest: carrotQuest.api, storage });
    b.run(buildCarrotQuestScript());
    b.tick();
    expect(carrotQuest.writes).to.have.length(0);
  });

  it('writes again when a conversation starts', () => {
    const carrotQuest = fakeCarrotquest();
    const b = browser({ tracker: tracker('1'), carrotquest: carrotQuest.api });
    b.run(buildCarrotQuestScript());
    b.tick();
    carrotQuest.callbacks.conversation_started!();
    expect(carrotQuest.writes).to.have.length(2);
  });

  it('uses a configurable tracker and refuses one that is not an identifier', () => {
    const carrotQuest = fakeCarrotquest();
    const b = browser({ carrotquest: carrotQuest.api });
    b.window.UISTracker = tracker('9');
    b.run(buildCarrotQuestScript({ trackerGlobal: 'UISTracker' }));
    b.tick();
    expect(carrotQuest.writes).to.have.length(1);
    expect(() => buildCarrotQuestScript({ trackerGlobal: 'x;alert(1)' })).to.throw(/identifier/);
  });
});

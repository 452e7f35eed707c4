import { SESSION_PROPS } from './session-capture';

export interface CarrotQuestScriptOptions {
  /**
   * Global name of the site's analytics tracker. Default `Comagic` (CoMagic/UIS-compatible:
   * `getCredentials()` -> {session_id, visitor_id, site_key}, or `getSessionId()`).
   */
  trackerGlobal?: string;
  /** Tries to find `carrotquest` and the tracker, with a growing pause between them. */
  maxTries?: number;
  firstDelayMs?: number;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** The tracker CoMagic / UIS put on a site. */
export const DEFAULT_TRACKER_GLOBAL = 'Comagic';
export const TRACKER_GLOBAL_MAX_LENGTH = 64;

/** A tracker's global name the script can be built with: a JavaScript identifier, not too long. */
export function isTrackerGlobal(name: string): boolean {
  return name.length <= TRACKER_GLOBAL_MAX_LENGTH && IDENTIFIER.test(name);
}

/**
 * The script a user pastes into CarrotQuest (Integrations -> DIY -> "JS Script"). It copies the
 * visitor session of the site's tracker, plus UTM tags, referrer and landing page of the visit, into
 * the CarrotQuest user's props (names from SESSION_PROPS), so the worker can attribute the chat.
 * Rules: no dependencies, never throws, never blocks the page (everything is deferred), bounded
 * retries, never replaces a newer session with an older one, re-writes when a conversation starts.
 */
export function buildCarrotQuestScript(options: CarrotQuestScriptOptions = {}): string {
  const tracker = options.trackerGlobal ?? DEFAULT_TRACKER_GLOBAL;
  if (!isTrackerGlobal(tracker))
    throw new Error(`trackerGlobal must be a JavaScript identifier of at most ${TRACKER_GLOBAL_MAX_LENGTH} characters`);
  const maxTries = Math.max(1, Math.min(options.maxTries ?? 30, 100));
  const firstDelay = Math.max(50, Math.min(options.firstDelayMs ?? 500, 10_000));
  const props = JSON.stringify(SESSION_PROPS);
  return `/* carrot-bridge: visitor session -> CarrotQuest user props */
(function (w) {
  'use strict';
  var P = ${props};
  var STORE = 'carrot_bridge_session';
  var tries = 0, hooked = false, pageLoadedAt = Date.now();
  function safe(fn, fallback) { try { return fn(); } catch (e) { return fallback; } }
  function readTracker() {
    return safe(function () {
      var t = w[${JSON.stringify(tracker)}];
      if (!t) return null;
      var c = typeof t.getCredentials === 'function' ? t.getCredentials() : null;
      var id = (c && c.session_id) || (typeof t.getSessionId === 'function' ? t.getSessionId() : null);
      if (!id) return null;
      return { id: String(id), visitorId: c && c.visitor_id ? String(c.visitor_id) : null, siteKey: c && c.site_key ? String(c.site_key) : null };
    }, null);
  }
  function storage() { return safe(function () { return w.localStorage; }, null); }
  function load() { var s = storage(); return safe(function () { return JSON.parse(s.getItem(STORE)) || null; }, null); }
  function save(v) { var s = storage(); safe(function () { s.setItem(STORE, JSON.stringify(v)); }); }
  function utm(search) {
    var out = {};
    safe(function () {
      search.replace(/^\\?/, '').split('&').forEach(function (pair) {
        var kv = pair.split('=');
        var k = decodeURIComponent(kv[0] || '');
        if (/^utm_(source|medium|campaign|term|content)$/.test(k)) out[k] = decodeURIComponent((kv[1] || '').replace(/\\+/g, ' ')).slice(0, 255);
      });
    });
    return out;
  }
  // The visit as first seen: landing page, referrer and UTMs belong to the session's first page.
  function visit(session) {
    var known = load();
    if (known && known.id === session.id) return known;
    // Another tab saw a different session first seen after this page loaded: that one is newer.
    if (known && known.startedAt > pageLoadedAt) return null;
    var now = Date.now();
    var loc = w.location || {};
    var v = { id: session.id, startedAt: now, landing: String(loc.href || '').slice(0, 255), referrer: String((w.document && w.document.referrer) || '').slice(0, 255), utm: utm(String(loc.search || '')) };
    save(v);
    return v;
  }
  function write() {
    var cq = w.carrotquest, session = readTracker();
    if (!cq || typeof cq.identify !== 'function' || !session) return false;
    var v = visit(session);
    if (!v) return true;
    var values = {};
    values[P.sessionId] = session.id;
    if (session.visitorId) values[P.visitorId] = session.visitorId;
    if (session.siteKey) values[P.siteKey] = session.siteKey;
    values[P.sessionStartedAt] = new Date(v.startedAt).toISOString();
    if (v.landing) values[P.entrancePage] = v.landing;
    if (v.referrer) values[P.referrer] = v.referrer;
    var names = { utm_source: P.utmSource, utm_medium: P.utmMedium, utm_campaign: P.utmCampaign, utm_term: P.utmTerm, utm_content: P.utmContent };
    for (var k in names) if (v.utm && v.utm[k]) values[names[k]] = v.utm[k];
    var ops = [];
    for (var key in values) ops.push({ op: 'update_or_create', key: key, value: values[key] });
    safe(function () { cq.identify(ops); });
    if (!hooked && typeof cq.addCallback === 'function') {
      hooked = true;
      safe(function () { cq.addCallback('conversation_started', function () { safe(write); }); });
    }
    return true;
  }
  function attempt() {
    if (safe(write, false)) return;
    tries += 1;
    if (tries < ${maxTries}) w.setTimeout(attempt, Math.min(${firstDelay} * tries, 5000));
  }
  var cq = w.carrotquest;
  if (cq && typeof cq.onReady === 'function') safe(function () { cq.onReady(function () { w.setTimeout(attempt, 0); }); });
  w.setTimeout(attempt, 0);
})(window);
`;
}

import { DataApiClient, type CabinetVisitorSession, type DataApiBrand } from '@carrot-bridge/data-api';
import {
  findCabinetConnection,
  findDueSessionLookups,
  nextSessionLookupAt,
  recordSessionLookupAttempt,
  settleChatsWithoutSession,
  type Database,
  type DueSessionLookup,
} from '@carrot-bridge/db';
import { nextSessionLookupStep, sessionLookupWindows, type SessionLookupTimings } from '@carrot-bridge/domain';
import type { SessionLookupJobData } from '@carrot-bridge/queue';
import { openCabinetToken, type SecretBox } from '@carrot-bridge/secrets';
import { reattributeChatsOfSession } from './reattribute-chats';
import { storeCabinetSession } from './store-cabinet-session';

/** What the lookup reads of the cabinet: the Data API client's session report. */
export type CabinetSessionReader = Pick<DataApiClient, 'getVisitorSessions'>;

export interface SessionLookupDeps {
  db: Database;
  secretBox: SecretBox;
  dataApiUrls: Record<DataApiBrand, string>;
  timeoutMs: number;
  /** Retry interval and bound (SESSION_LOOKUP_RETRY_MS, SESSION_LOOKUP_GIVE_UP_MS), read at start-up. */
  timings: SessionLookupTimings;
  /** The account's next run (SessionLookupScheduler). */
  lookups: { schedule(accountId: string, options: { at: Date; afterWindow: number }): Promise<void> };
  /** The export of an integration whose chats stopped waiting (ChatExportScheduler). */
  exports: { schedule(integrationId: string): Promise<void> };
  /** Tests may read the cabinet another way; by default a DataApiClient for the connection's brand and token. */
  readerFor?: (brand: DataApiBrand, token: string) => CabinetSessionReader;
  now?: () => Date;
}

export type SessionLookupOutcome =
  | { status: 'done'; calls: number; found: number; waiting: number; unknown: number; reattributed: number }
  | { status: 'skipped'; reason: string };

type Totals = Omit<Extract<SessionLookupOutcome, { status: 'done' }>, 'status'>;

/**
 * One run of an account's session lookups (docs/cabinet.md, "Sessions from the cabinet"): the due
 * lookups, grouped by visitor, cost one get.visitor_sessions_report call per visitor (filtered by
 * `visitor_id` over [around − 1 day, around + 1 day] in the cabinet's zone,
 * https://comagic.github.io/data_api/report/get_visitor_sessions_report/), matched by the session id in
 * the rows. Found: stored, and its chats re-attributed. Not in the report yet: read again after
 * `timings.retryMs`, until giveUpAt, then "unknown". Each lookup's step is committed as it is known, so
 * a failure (limits, outage: decideSessionLookupFailure) re-runs only what is left. The run schedules
 * the next at the earliest next attempt left, and the export of the chats that stopped waiting.
 */
export class SessionLookupUseCase {
  constructor(private readonly deps: SessionLookupDeps) {}

  async execute(job: SessionLookupJobData): Promise<SessionLookupOutcome> {
    const { db } = this.deps;
    const connection = await findCabinetConnection(db, job.accountId);
    const exports = new Set<string>();
    try {
      if (!connection) {
        // Disconnected meanwhile: nothing can be looked up; the waiting chats go with what they have.
        for (const lookup of await findDueSessionLookups(db, job.accountId, new Date(8.64e15)))
          await this.settle(job.accountId, lookup, { status: 'unknown', error: 'кабинет отключён' }, exports);
        return { status: 'skipped', reason: 'the account is not connected to a cabinet' };
      }
      const reader = this.readerFor(connection.brand, openCabinetToken(this.deps.secretBox, connection));
      const totals: Totals = { calls: 0, found: 0, waiting: 0, unknown: 0, reattributed: 0 };
      const due = await findDueSessionLookups(db, job.accountId, this.now());
      for (const lookups of groupByVisitor(due).values()) {
        for (const window of sessionLookupWindows(lookups.map((l) => l.around))) {
          totals.calls += 1;
          const rows = await reader.getVisitorSessions({
            visitorId: Number(lookups[0]!.visitorId),
            from: window.from,
            till: window.till,
            timeZone: connection.timeZone,
          });
          for (const index of window.members) await this.step(job.accountId, lookups[index]!, rows, totals, exports);
        }
      }
      const next = await nextSessionLookupAt(db, job.accountId);
      if (next) await this.deps.lookups.schedule(job.accountId, { at: next, afterWindow: job.window });
      return { status: 'done', ...totals };
    } finally {
      for (const integrationId of exports) await this.deps.exports.schedule(integrationId);
    }
  }

  private async step(
    accountId: string,
    lookup: DueSessionLookup,
    rows: readonly CabinetVisitorSession[],
    totals: Totals,
    exports: Set<string>,
  ): Promise<void> {
    const row = rows.find((r) => String(r.id) === lookup.externalId);
    const step = nextSessionLookupStep({
      inReport: row !== undefined,
      giveUpAt: lookup.giveUpAt,
      now: this.now(),
      timings: this.deps.timings,
    });
    if (row) {
      const session = await storeCabinetSession(this.deps.db, accountId, row);
      const result = await reattributeChatsOfSession(this.deps.db, accountId, lookup.externalId, session);
      await recordSessionLookupAttempt(this.deps.db, accountId, lookup.externalId, { status: 'found' });
      for (const id of result.integrations) exports.add(id);
      totals.found += 1;
      totals.reattributed += result.reattributed;
    } else if (step.status === 'pending') {
      await recordSessionLookupAttempt(this.deps.db, accountId, lookup.externalId, step);
      totals.waiting += 1;
    } else {
      await this.settle(accountId, lookup, { status: 'unknown', error: null }, exports);
      totals.unknown += 1;
    }
  }

  /** "unknown": the chats keep their mapping or default and stop waiting. */
  private async settle(
    accountId: string,
    lookup: DueSessionLookup,
    step: { status: 'unknown'; error: string | null },
    exports: Set<string>,
  ): Promise<void> {
    await recordSessionLookupAttempt(this.deps.db, accountId, lookup.externalId, step);
    for (const id of await settleChatsWithoutSession(this.deps.db, accountId, lookup.externalId)) exports.add(id);
  }

  private readerFor(brand: DataApiBrand, token: string): CabinetSessionReader {
    if (this.deps.readerFor) return this.deps.readerFor(brand, token);
    return new DataApiClient({ url: this.deps.dataApiUrls[brand], accessToken: token, timeoutMs: this.deps.timeoutMs });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function groupByVisitor(lookups: readonly DueSessionLookup[]): Map<string, DueSessionLookup[]> {
  const byVisitor = new Map<string, DueSessionLookup[]>();
  for (const lookup of lookups) byVisitor.set(lookup.visitorId, [...(byVisitor.get(lookup.visitorId) ?? []), lookup]);
  return byVisitor;
}

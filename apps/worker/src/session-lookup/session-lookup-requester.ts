import { findCabinetConnection, requestSessionLookup, type Database } from '@carrot-bridge/db';
import {
  decideSessionLookup,
  type SessionCapture,
  type SessionLookupRequest,
  type SessionLookupTimings,
} from '@carrot-bridge/domain';

export interface SessionLookupRequesterDeps {
  db: Database;
  /** The account's lookup run (SessionLookupScheduler): lookups asked within its window share it. */
  scheduler: { schedule(accountId: string): Promise<void> };
  timings: SessionLookupTimings;
  now?: () => Date;
}

/**
 * The import's side of the cabinet lookup (docs/cabinet.md, "Sessions from the cabinet"): whether a
 * chat's captured session is to be looked up (decideSessionLookup), the SessionLookup row stored before
 * the chat is (so the export, seeing the chat pending, finds the lookup to wait for), and the run queued
 * once the chat is written.
 */
export class SessionLookupRequester {
  constructor(private readonly deps: SessionLookupRequesterDeps) {}

  /** The lookup to ask for, stored; null when the chat has nothing to wait for. */
  async prepare(input: {
    accountId: string;
    capture: SessionCapture;
    sessionKnown: boolean;
    forcedMode: boolean;
    chatStartedAt: Date;
  }): Promise<SessionLookupRequest | null> {
    const decide = (accountConnected: boolean) =>
      decideSessionLookup({
        ...input,
        accountConnected,
        now: this.deps.now?.() ?? new Date(),
        timings: this.deps.timings,
      });
    // The connection is read only for a chat that would be looked up were the account connected.
    if (!decide(true)) return null;
    const request = decide((await findCabinetConnection(this.deps.db, input.accountId)) !== null);
    if (request) await requestSessionLookup(this.deps.db, input.accountId, request);
    return request;
  }

  /** Queues the account's run; called once the chat waiting on it is committed. */
  async schedule(accountId: string): Promise<void> {
    await this.deps.scheduler.schedule(accountId);
  }
}

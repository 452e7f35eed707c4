import { findPendingSessionLookups, type Database } from '@carrot-bridge/db';
import { sessionLookupHoldsExport } from '@carrot-bridge/domain';

/**
 * The export's wait for the cabinet lookups (docs/cabinet.md, "Sessions from the cabinet"): the
 * captured session ids whose lookup is still pending and within its bound (sessionLookupHoldsExport),
 * whose chats stay out of this run. So that a held chat goes out by the bound even if no lookup run
 * is queued any more, a run is queued for the earliest bound: it settles the lookup and queues this
 * export again.
 */
export async function heldSessionIds(
  db: Database,
  accountId: string,
  now: Date,
  lookups?: { schedule(accountId: string, options: { at: Date }): Promise<void> },
): Promise<string[]> {
  const held = (await findPendingSessionLookups(db, accountId)).filter((l) => sessionLookupHoldsExport(l, now));
  if (held.length > 0 && lookups) {
    const earliest = Math.min(...held.map((l) => l.giveUpAt.getTime()));
    await lookups.schedule(accountId, { at: new Date(earliest) });
  }
  return held.map((l) => l.externalId);
}

// `pnpm cq erase` and `pnpm cq erasures`: the act's summary and the list of acts, as lines. Labels come
// from outside (an e-mail of who did it): cq prints them through terminalSafeLines.
import type { presentErasureActSummary } from '../personal-data/erasure-act-presenter';

type ActSummary = ReturnType<typeof presentErasureActSummary>;

/** 2026-12-03T13:30:35.123Z → 2026-12-03 13:30:35 UTC. */
function utcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** What an erasure did, store by store, and what CoMagic / UIS still keep. */
export function erasureActLines(act: ActSummary): string[] {
  const c = act.counts;
  const lines = [
    `act ${act.id}: ${act.completedAt ? `completed ${utcTime(act.completedAt)}` : 'NOT completed'}`,
    `criterion: ${act.criterion.kind} (keyed hash ${act.criterion.digest.slice(0, 12)}…), requested by ${act.requestedBy}, performed by ${act.performedBy.label}`,
    `PostgreSQL: ${c.chats ?? 0} chat(s), ${c.messages ?? 0} message text(s), ${c.visitorSessions ?? 0} visitor session(s), ${c.sessionLookups ?? 0} session lookup(s); ${c.erasedSubjects ?? 0} identifier(s) remembered as keyed hashes`,
    `Redis: delivery log ${c.deliveryLogEntries ?? 0} entr(ies) and ${c.deliveryLogBodies ?? 0} bod(ies); jobs ${c.jobsRemoved ?? 0} removed, ${c.jobsRequeued ?? 0} requeued, ${c.jobLogsCleared ?? 0} log(s) cleared, ${c.jobsActiveLeft ?? 0} running left, ${c.jobsKeptInPlace ?? 0} kept in place, ${c.jobEventsRemoved ?? 0} event(s) removed`,
    `compaction (VACUUM, Redis files rewritten): ${c.compaction ?? 'not requested'}`,
  ];
  if (act.remoteCopy) lines.push(act.remoteCopy);
  return lines;
}

/** One line per act, newest first. */
export function erasureListLines(acts: readonly ActSummary[]): string[] {
  if (acts.length === 0) return ['no erasures'];
  return acts.map(
    (act) =>
      `${utcTime(act.requestedAt)}  ${act.id}  ${act.criterion.kind}  asked by ${act.requestedBy}  ${act.performedBy.label}  ${act.chatsCount} chat(s)${act.completedAt ? '' : '  NOT completed'}`,
  );
}

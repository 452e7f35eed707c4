// What the act of an erasure (акт об уничтожении персональных данных, docs/personal-data.md) records
// besides its header: how much each store lost, and the chats touched — never the erased data itself.
// Types, not interfaces: they are stored as Prisma JSON, which takes plain object types only.
import type { Prisma } from '@carrot-bridge/db';

/** Rows and entries each store lost, by store (the act's `counts`). */
export type ErasureCounts = {
  chats: number;
  messages: number;
  visitorSessions: number;
  sessionLookups: number;
  deliveryLogEntries: number;
  deliveryLogBodies: number;
  jobsRemoved: number;
  jobsRequeued: number;
  jobLogsCleared: number;
  jobsActiveLeft: number;
  /** Waiting jobs that name the person in a failure text but cannot be added again (a scheduler's, a flow's): logs cleared. */
  jobsKeptInPlace: number;
  /** Entries of the queues' events streams (failure reasons, return values) that named the person. */
  jobEventsRemoved: number;
  erasedSubjects: number;
  /** VACUUM of the touched tables and the rewrite of Redis's files, run by the worker shortly after. */
  compaction: 'requested';
};

/** A chat the erasure touched: ids, date and its copy in CoMagic / UIS; no contacts, no texts. */
export type ErasureActChat = {
  chatId: string;
  integrationId: string;
  conversationId: string;
  questionId: string | null;
  startedAt: string;
  exportStatus: string | null;
  exportBrand: 'comagic' | 'uis' | null;
  exportRemoteId: string | null;
  exportedAt: string | null;
};

/** One event of the audit log's extract, as `GET .../audit` answers it. */
export type ErasureAuditEvent = {
  at: string;
  actor: { kind: string; label: string };
  action: string;
  label: string;
  targetId: string | null;
  details: Prisma.JsonValue | null;
};

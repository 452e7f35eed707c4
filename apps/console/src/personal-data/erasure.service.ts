// Erasure on request (issue #25, docs/personal-data.md): one person's data out of every store of one
// account — PostgreSQL's chats, messages and visitor sessions, Redis's delivery log and jobs — with the
// act (акт об уничтожении) that says when, who asked, who did it, how much each store lost and which
// chats CoMagic / UIS still hold a copy of. The act never holds the erased data: the criterion only as
// a keyed digest.
import type { Queue } from 'bullmq';
import {
  accountPhoneRegions,
  completeErasureAct,
  erasePersonalDataOfChats,
  findErasureTargets,
  rememberErasedSubjects,
  saveErasureAct,
  type Database,
  type ErasedRowCounts,
  type ErasureTargetChat,
  type ErasureTargets,
  type PersonalDataErasure,
} from '@carrot-bridge/db';
import type { DeliveryLog } from '@carrot-bridge/delivery-log';
import { criterionDigestInput, type ErasureCriterion, type TextMatcher } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import { eraseJobsMentioning, type PersonalDataScheduler } from '@carrot-bridge/queue';
import { personalDataDigest } from '@carrot-bridge/secrets';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { presentAuditEvent } from '../audit/audit-page';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import type { ErasureActChat, ErasureAuditEvent, ErasureCounts } from './erasure-act';
import { erasureMatcher } from './erasure-needles';
import { readErasureRequest } from './erasure-request';

export interface ErasureServiceDeps {
  db: Database;
  audit: AuditRecorder;
  /** SECRETS_KEY: the criterion and the erased identifiers are kept only as digests keyed from it. */
  secretsKey: string;
  deliveries: Pick<DeliveryLog, 'eraseMentioning'>;
  /** Every catalog queue: jobs' data, failure reasons, stack traces and logs may quote the person. */
  queues: readonly Queue[];
  /** VACUUM and the rewrite of Redis's files, so erased bytes do not stay on disk. */
  compaction: Pick<PersonalDataScheduler, 'requestCompaction'>;
  logger: Logger;
  clock?: () => Date;
}

/** How long a client waits before repeating an erasure Redis refused. */
const REDIS_RETRY_AFTER_SECONDS = 30;

export class ErasureService {
  private readonly clock: () => Date;

  constructor(private readonly deps: ErasureServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Erases the person `body` names (one of phone / email / carrotUserId, and `requestedBy`) and returns
   * the completed act. An erasure that matches nobody still writes its act, with 0 everywhere.
   */
  async erase(accountId: string, body: unknown, by: AuditContext): Promise<PersonalDataErasure> {
    const { db, logger } = this.deps;
    const { criterion, requestedBy } = readErasureRequest(body, await accountPhoneRegions(db, accountId));
    const at = this.clock();
    // The act first: an erasure that fails half-way is still on record (requested, never completed).
    const act = await saveErasureAct(db, {
      accountId,
      requestedAt: at,
      requestedBy,
      actorKind: by.actor.kind,
      actorId: by.actor.id,
      actorLabel: by.actor.label,
      criterionKind: criterion.kind,
      criterionDigest: this.digestOf(criterion),
    });
    const targets = await findErasureTargets(db, accountId, criterion);
    // First, before anything is erased: from here on the import writes these people's questions of
    // before `at` stripped (no way back in). An import that decided before this may still write a chat
    // meanwhile: the second read below finds it.
    let erasedSubjects = await this.remember(accountId, act.id, targets.identifiers, at);
    // Redis before PostgreSQL: the matcher is built from the chats' contacts, which PostgreSQL is about
    // to lose. If Redis fails, no chat is erased yet (the subjects are remembered: the import keeps the
    // person out meanwhile) and the same request, repeated, finds everything again.
    const integrationIds = await accountIntegrationIds(db, accountId);
    const redis = await this.sweepRedis(accountId, integrationIds, erasureMatcher(targets.identifiers, targets.chats));
    const chatIds = (chats: readonly ErasureTargetChat[]) => chats.map((chat) => chat.chatId);
    const first = await erasePersonalDataOfChats(db, accountId, chatIds(targets.chats), 'request', at);
    const late = await this.writtenMeanwhile(accountId, criterion, targets);
    // Redis is not swept again for the late chats: they name the person by the first read's phones,
    // e-mails and user ids, which the matcher had. A job or delivery naming only a late chat's new
    // conversation id or new e-mail stays until Redis's own retention drops it.
    const stored = addRowCounts(
      first,
      await erasePersonalDataOfChats(db, accountId, chatIds(late.chats), 'request', at),
    );
    erasedSubjects += await this.remember(accountId, act.id, late.identifiers, at);
    await this.deps.compaction.requestCompaction();
    const counts: ErasureCounts = { ...stored, ...redis, erasedSubjects, compaction: 'requested' };
    const chats = [...targets.chats, ...late.chats].map(actChatOf);
    await this.deps.audit.recordFor(by, {
      accountId,
      action: 'personal_data.erased',
      targetId: act.id,
      // Never the criterion's value: its kind, who asked, and how much went.
      details: { criterionKind: criterion.kind, requestedBy, chats: chats.length, counts },
    });
    const completed = await completeErasureAct(db, act.id, {
      counts,
      chats,
      auditExtract: await this.auditExtractOf(accountId, act.id),
      completedAt: this.clock(),
    });
    logger.info('personal data erased', {
      accountId,
      erasureId: act.id,
      chats: counts.chats,
      jobs: counts.jobsRemoved,
    });
    return completed;
  }

  /**
   * Remembers the digests of `identifiers` for the import (ErasedSubject); how many were written.
   */
  private async remember(accountId: string, actId: string, identifiers: readonly ErasureCriterion[], at: Date) {
    const digests = [...new Set(identifiers.map((identifier) => this.digestOf(identifier)))];
    return digests.length === 0 ? 0 : rememberErasedSubjects(this.deps.db, accountId, actId, digests, at);
  }

  /**
   * The chats that name the person and were not in `first`: written by an import that decided before
   * the subjects were remembered. Read again by the criterion (with its one step) and by each
   * identifier of the first read, taking only chats that identifier names itself (no second step);
   * `identifiers` are those the first read did not have.
   */
  private async writtenMeanwhile(
    accountId: string,
    criterion: ErasureCriterion,
    first: ErasureTargets,
  ): Promise<ErasureTargets> {
    const known = new Set(first.chats.map((chat) => chat.chatId));
    const again = await findErasureTargets(this.deps.db, accountId, criterion);
    const chats = again.chats.filter((chat) => !known.has(chat.chatId));
    for (const identifier of first.identifiers.slice(1))
      for (const chat of (await findErasureTargets(this.deps.db, accountId, identifier)).chats)
        if (!known.has(chat.chatId) && names(chat, identifier)) chats.push(chat);
    const seen = new Set(first.identifiers.map(criterionDigestInput));
    return {
      chats: [...new Map(chats.map((chat) => [chat.chatId, chat])).values()],
      identifiers: again.identifiers.filter((identifier) => !seen.has(criterionDigestInput(identifier))),
    };
  }

  /** The delivery log of every integration of the account (deleted ones too: their log outlives them) and its jobs. */
  private async sweepRedis(accountId: string, integrationIds: string[], person: TextMatcher) {
    try {
      const delivery = await this.deps.deliveries.eraseMentioning(integrationIds, person);
      const jobs = await eraseJobsMentioning([...this.deps.queues], { accountId, integrationIds }, person);
      return {
        deliveryLogEntries: delivery.entries,
        deliveryLogBodies: delivery.bodies,
        jobsRemoved: jobs.removed,
        jobsRequeued: jobs.requeued,
        jobLogsCleared: jobs.logsCleared,
        jobsActiveLeft: jobs.activeLeft,
        jobsKeptInPlace: jobs.keptInPlace,
        jobEventsRemoved: jobs.eventsRemoved,
      };
    } catch (error) {
      // A bug of ours is not Redis being away: it goes on as the 500 it is.
      if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) throw error;
      this.deps.logger.warn('erasure: Redis sweep failed', {
        accountId,
        reason: error instanceof Error ? error.name : 'unknown',
      });
      throw new ConsoleException(
        ConsoleExceptionCode.Unavailable,
        'Redis недоступен: удаление прервано, переписка в базе ещё не стёрта, акт не завершён. Повторите запрос позже',
        [],
        { cause: error, retryAfterSeconds: REDIS_RETRY_AFTER_SECONDS },
      );
    }
  }

  private digestOf(criterion: ErasureCriterion): string {
    return personalDataDigest(this.deps.secretsKey, criterionDigestInput(criterion));
  }

  /** The audit log's events about this act, oldest first: the order's «выписка из журнала». */
  private async auditExtractOf(accountId: string, actId: string): Promise<ErasureAuditEvent[]> {
    const rows = await this.deps.db.auditEvent.findMany({
      where: { accountId, targetId: actId },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map(presentAuditEvent);
  }
}

/** What the act keeps of a chat: ids, date, export state; the contacts were read only to find the person. */
function actChatOf(chat: ErasureTargetChat): ErasureActChat {
  return {
    chatId: chat.chatId,
    integrationId: chat.integrationId,
    conversationId: chat.conversationId,
    questionId: chat.questionId,
    startedAt: chat.startedAt.toISOString(),
    exportStatus: chat.exportStatus,
    exportBrand: chat.exportBrand,
    exportRemoteId: chat.exportRemoteId,
    exportedAt: chat.exportedAt ? chat.exportedAt.toISOString() : null,
  };
}

/** Whether `identifier` names the chat itself (its own phone, e-mail or user id). */
function names(chat: ErasureTargetChat, { kind, value }: ErasureCriterion): boolean {
  if (kind === 'phone') return chat.contactPhone === value;
  if (kind === 'email') return chat.contactEmail === value;
  return chat.carrotUserId === value;
}

function addRowCounts(a: ErasedRowCounts, b: ErasedRowCounts): ErasedRowCounts {
  return {
    chats: a.chats + b.chats,
    messages: a.messages + b.messages,
    visitorSessions: a.visitorSessions + b.visitorSessions,
    sessionLookups: a.sessionLookups + b.sessionLookups,
  };
}

/** Every integration the account has had: a removed one's delivery log lives on until it expires. */
async function accountIntegrationIds(db: Database, accountId: string): Promise<string[]> {
  const rows = await db.carrotQuestIntegration.findMany({ where: { accountId }, select: { id: true } });
  return rows.map((row) => row.id);
}

// The console's one writer of the audit log (issue #24, docs/access.md «Audit log»). Recording never
// fails the request that did the thing: a lost event is logged (with why, never with its details).
import os from 'node:os';
import type { Request, Response } from 'express';
import { recordAuditEvent, type Database } from '@carrot-bridge/db';
import { actorOf, type Actor } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import { principalOf } from '../auth/principal';
import { cleanDetails } from './audit-details';

export interface AuditEventToRecord {
  accountId: string;
  actor: Actor;
  /** e.g. `integration.updated`; the names and their Russian labels: audit-actions.ts. */
  action: string;
  /** What it was done to: an integration's, chat's, person's or token's id. */
  targetId?: string | null;
  /** Field names, ids, counts, outcomes; secret-like names are stored as «изменён», never message text. */
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

/** Who asked and from where, handed from a route (or the CLI) to the service that changes state. */
export interface AuditContext {
  actor: Actor;
  ip?: string | null;
}

/** Why a write failed, without the event: Prisma's messages quote the arguments, so only names and codes. */
function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}

export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async record(event: AuditEventToRecord): Promise<void> {
    try {
      await recordAuditEvent(this.db, {
        accountId: event.accountId,
        actorKind: event.actor.kind,
        actorId: event.actor.id,
        actorLabel: event.actor.label,
        action: event.action,
        targetId: event.targetId ?? null,
        details: event.details ? cleanDetails(event.details) : null,
        ip: event.ip ?? null,
      });
    } catch (error) {
      this.logger.warn('audit: event not recorded', {
        action: event.action,
        accountId: event.accountId,
        reason: failureReason(error),
      });
    }
  }

  /** record() by the author and from the address of `by` (a route's request or the CLI). */
  async recordFor(by: AuditContext, event: Omit<AuditEventToRecord, 'actor' | 'ip'>): Promise<void> {
    await this.record({ ...event, actor: by.actor, ip: by.ip ?? null });
  }
}

/** What services that change state are given to record it. */
export type AuditRecorder = Pick<AuditLog, 'record' | 'recordFor'>;

/**
 * The author of a request: its principal (auth/authenticate.ts sets it for every request below the health
 * checks). Only a public route can have none: its events are nobody's (a failed sign-in names no one).
 */
export function auditActorOf(res: Response): Actor {
  const principal = principalOf(res);
  return principal ? actorOf(principal) : { kind: 'system', id: null, label: 'anonymous' };
}

/** The author and client address of a request, for the services it calls. */
export function auditContextOf(req: Request, res: Response): AuditContext {
  return { actor: auditActorOf(res), ip: req.ip ?? null };
}

/** `pnpm cq` runs on the server as an OS user: the operator, named by that user. */
export function cliActor(): Actor {
  return { kind: 'operator', id: null, label: `operator (CLI, ${os.userInfo().username})` };
}

/** The author of a `pnpm cq` command: no client address. */
export function cliAuditContext(): AuditContext {
  return { actor: cliActor(), ip: null };
}

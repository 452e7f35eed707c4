import type { CarrotQuestConversation, CarrotQuestPart } from '@carrot-bridge/carrotquest';
import { operatorEmployeeMap, recordSeenOperators, type OperatorStore, type SeenOperator } from '@carrot-bridge/db';

/** The integration's operators: the employees they are mapped to, and the ones seen in its chats. */
export interface OperatorDirectory {
  /** CarrotQuest admin id -> employee id, for the mapped operators only. */
  employeeMap(integrationId: string): Promise<ReadonlyMap<string, string>>;
  recordSeen(integration: { id: string; accountId: string }, operators: readonly SeenOperator[]): Promise<void>;
}

type AdminLike = { id?: unknown; name?: unknown; type?: unknown } | null | undefined;

function asOperator(admin: AdminLike): SeenOperator | null {
  if (!admin || typeof admin !== 'object') return null;
  const id = admin.id === null || admin.id === undefined ? '' : String(admin.id).trim();
  // An admin-side `from` can lack an id ("default_admin" of auto-messages, docs/carrotquest-questions.md §1.3).
  if (!/^\d{1,30}$/.test(id)) return null;
  return {
    carrotAdminId: id,
    name: typeof admin.name === 'string' ? admin.name : null,
    type: typeof admin.type === 'string' ? admin.type : null,
  };
}

/**
 * Every operator a conversation names (https://developers.carrotquest.io/objects/admin): its assignee,
 * its last admin and the authors of its parts (a visitor's part names a user id, not an Admin object).
 * CarrotQuest documents no list of an app's admins, so this is how most of them become known.
 */
export function seenOperators(
  conversation: CarrotQuestConversation,
  parts: readonly CarrotQuestPart[],
): SeenOperator[] {
  const found = new Map<string, SeenOperator>();
  const admins: AdminLike[] = [
    conversation.assignee,
    conversation.last_admin,
    ...parts.map((part) => (part.from && typeof part.from === 'object' ? part.from : null)),
  ];
  for (const admin of admins) {
    const operator = asOperator(admin);
    if (operator) found.set(operator.carrotAdminId, operator);
  }
  return [...found.values()];
}

export interface CachedOperatorDirectoryOptions {
  /** How long a process uses an integration's mapping before reading it again (a change in the console reaches imports within it). */
  mappingTtlMs: number;
  /** An operator recorded by this process is not written again within this time (its lastSeenAt is that coarse). */
  recordEveryMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * The worker's operator directory: each process reads an integration's mapping at most once per
 * `mappingTtlMs` and writes an operator it saw at most once per `recordEveryMs`, so a burst of chats
 * costs no statement per chat for either (the import's hot path).
 */
export class CachedOperatorDirectory implements OperatorDirectory {
  private readonly mappings = new Map<string, { value: ReadonlyMap<string, string>; expiresAt: number }>();
  private readonly recorded = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    private readonly store: OperatorStore,
    private readonly options: CachedOperatorDirectoryOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async employeeMap(integrationId: string): Promise<ReadonlyMap<string, string>> {
    const cached = this.mappings.get(integrationId);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const value = await operatorEmployeeMap(this.store, integrationId);
    if (this.options.mappingTtlMs > 0) {
      this.mappings.set(integrationId, { value, expiresAt: this.now() + this.options.mappingTtlMs });
      this.bound(this.mappings);
    }
    return value;
  }

  async recordSeen(integration: { id: string; accountId: string }, operators: readonly SeenOperator[]): Promise<void> {
    const every = this.options.recordEveryMs ?? 3_600_000;
    const now = this.now();
    const key = (o: SeenOperator) => `${integration.id}\u0000${o.carrotAdminId}`;
    const fresh = operators.filter((o) => (this.recorded.get(key(o)) ?? -Infinity) + every <= now);
    if (fresh.length === 0) return;
    await recordSeenOperators(this.store, {
      accountId: integration.accountId,
      integrationId: integration.id,
      operators: fresh,
    });
    for (const o of fresh) this.recorded.set(key(o), now);
    this.bound(this.recorded);
  }

  private bound(map: Map<string, unknown>): void {
    const max = this.options.maxEntries ?? 50_000;
    while (map.size > max) map.delete(map.keys().next().value as string);
  }
}

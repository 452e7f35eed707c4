import type { CarrotQuestConversation, CarrotQuestPart } from '@carrot-bridge/carrotquest';

/** An operator (CarrotQuest Admin object) an import saw: https://developers.carrotquest.io/objects/admin. */
export interface SeenOperator {
  carrotAdminId: string;
  name: string | null;
  type: string | null;
}

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
 * Every operator a conversation names: its assignee, its last admin and the authors of its parts
 * (a visitor's part names a user id, not an Admin object). CarrotQuest documents no list of an app's
 * admins, so this is how most of them become known.
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
    if (operator) found.set(operator.carrotAdminId, { ...found.get(operator.carrotAdminId), ...operator });
  }
  return [...found.values()];
}

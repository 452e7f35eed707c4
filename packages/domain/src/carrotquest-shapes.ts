// The parts of CarrotQuest's REST objects that the rules read. Deliberately narrow and optional-heavy:
// CarrotQuest documents little, so every rule must cope with a field that is missing or of a new kind.

export interface CarrotQuestAdminRef {
  id?: number | string | null;
  name?: string | null;
  type?: string | null;
}

export interface CarrotQuestConversationShape {
  id: number | string;
  created: number;
  type?: string | null;
  channel?: { id?: number | string | null; type?: string | null; name?: string | null } | null;
  external_service?: string | null;
  assignee?: CarrotQuestAdminRef | null;
  last_admin?: CarrotQuestAdminRef | null;
  tags?: string[] | null;
}

export interface CarrotQuestPartShape {
  id: number | string;
  created: number;
  type?: string | null;
  body?: string | null;
  sent_via?: string | null;
  /** A user id (number/string) for visitor parts, an admin/bot object for the rest. */
  from?: number | string | CarrotQuestAdminRef | null;
}

export type CarrotQuestProps = Record<string, unknown>;

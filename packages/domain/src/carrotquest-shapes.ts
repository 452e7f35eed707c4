// The parts of CarrotQuest's REST objects that the rules read. Deliberately narrow and optional-heavy:
// CarrotQuest documents little, so every rule must cope with a field that is missing or of a new kind.

export interface CqAdminRef {
  id?: number | string | null;
  name?: string | null;
  type?: string | null;
}

export interface CqConversationShape {
  id: number | string;
  created: number;
  type?: string | null;
  channel?: { id?: number | string | null; type?: string | null; name?: string | null } | null;
  external_service?: string | null;
  assignee?: CqAdminRef | null;
  last_admin?: CqAdminRef | null;
  tags?: string[] | null;
}

export interface CqPartShape {
  id: number | string;
  created: number;
  type?: string | null;
  body?: string | null;
  sent_via?: string | null;
  /** A user id (number/string) for visitor parts, an admin/bot object for the rest. */
  from?: number | string | CqAdminRef | null;
}

export type CqProps = Record<string, unknown>;

export interface CqUserShape {
  id: number | string;
  props?: CqProps | null;
  props_custom?: CqProps | null;
}

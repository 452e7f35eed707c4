// The parts of CarrotQuest's REST objects that the rules read. Deliberately narrow and optional-heavy:
// CarrotQuest documents little, so every rule must cope with a field that is missing or of a new kind.

export interface CarrotQuestAdminRef {
  id?: number | string | null | undefined;
  name?: string | null | undefined;
  type?: string | null | undefined;
}

export interface CarrotQuestConversationShape {
  id: number | string;
  created: number;
  type?: string | null | undefined;
  channel?:
    | { id?: number | string | null | undefined; type?: string | null | undefined; name?: string | null | undefined }
    | null
    | undefined;
  external_service?: string | null | undefined;
  assignee?: CarrotQuestAdminRef | null | undefined;
  last_admin?: CarrotQuestAdminRef | null | undefined;
  tags?: string[] | null | undefined;
}

export interface CarrotQuestPartShape {
  id: number | string;
  created: number;
  type?: string | null | undefined;
  body?: string | null | undefined;
  sent_via?: string | null | undefined;
  /** A user id (number/string) for visitor parts, an admin/bot object for the rest. */
  from?: number | string | CarrotQuestAdminRef | null | undefined;
  /** Unix seconds when CarrotQuest deleted the part (e.g. a GDPR deletion of the user), else null. */
  removed?: number | null | undefined;
}

export type CarrotQuestProps = Record<string, unknown>;

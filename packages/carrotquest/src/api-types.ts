import { z } from 'zod';

// Response shapes of CarrotQuest's current Web API (https://developers.carrotquest.io/webapi/), validated
// loosely: the fields we read must have the documented type, anything else passes through untouched
// (CarrotQuest adds fields without notice).

/**
 * Every id as exact decimal text. We ask for `id_as_string=true` on every call, because ids "can exceed
 * 2^53" (https://developers.dashly.io/webapi/types/: "Web API can return all primary keys as strings ... id_as_string"); a number still arriving is
 * accepted only while it is exact, so a server that ignored the parameter cannot corrupt an id silently.
 */
export const exactId = z.union([
  z.string().regex(/^\d{1,30}$/, 'must be a decimal id'),
  z
    .number()
    .refine(
      (n) => Number.isSafeInteger(n) && n >= 0,
      'a numeric id past 2^53 has lost digits (id_as_string was not honoured)',
    )
    .transform((n) => String(n)),
]);
export type ExactId = z.output<typeof exactId>;

const unixSeconds = z.number();
const adminRef = z.looseObject({ id: exactId.nullish(), name: z.string().nullish(), type: z.string().nullish() });

/**
 * The conversation's channel, included by default in the current API
 * (https://developers.dashly.io/webapi/endpoints/conversations/conversation: "user, channel, important_part_last, reply_last, part_last optional fields are included by default"; the shape of the embedded channel is not documented there, so every field is optional).
 */
const channelRef = z.looseObject({ id: exactId.nullish(), type: z.string().nullish(), name: z.string().nullish() });

export const conversationSchema = z.looseObject({
  id: exactId,
  created: unixSeconds,
  /** Unix seconds of the last change; the app's conversation list is ordered by it. */
  last_update: unixSeconds.nullish(),
  closed: z.boolean().nullish(),
  type: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  external_service: z.string().nullish(),
  external_id: z.union([z.string(), z.number()]).nullish(),
  assignee: adminRef.nullish(),
  last_admin: adminRef.nullish(),
  user: z.looseObject({ id: exactId, props: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  channel: channelRef.nullish(),
});
export type CarrotQuestConversation = z.output<typeof conversationSchema>;

export const partSchema = z.looseObject({
  id: exactId,
  created: unixSeconds,
  conversation: exactId.nullish(),
  part_group: exactId.nullish(),
  body: z.string().nullish(),
  type: z.string().nullish(),
  sent_via: z.string().nullish(),
  /** The visitor's user id for visitor parts, an admin / bot object for the others. */
  from: z.union([exactId, adminRef]).nullish(),
  /**
   * When the part was deleted, else null: "Optional[timestamp] — Если реплика была удалена (например, в
   * результате удаления пользователя по GDPR) - дата удаления. Если нет - null"
   * (https://developers.carrotquest.io/objects/conversationpart). Its text is then never kept here.
   */
  removed: unixSeconds.nullish(),
});
export type CarrotQuestPart = z.output<typeof partSchema>;

export const userSchema = z.looseObject({
  id: exactId,
  user_id: z.union([z.string(), z.number()]).nullish(),
  removed: z.unknown().optional(),
  props: z.record(z.string(), z.unknown()).nullish(),
  /** Only present when asked for with `props_custom=true` (https://developers.dashly.io/webapi/endpoints/users/user: "Show custom properties. Default: false"). */
  props_custom: z.record(z.string(), z.unknown()).nullish(),
});
export type CarrotQuestUser = z.output<typeof userSchema>;

export const channelSchema = z.looseObject({
  id: exactId,
  name: z.string().nullish(),
  type: z.string(),
  operators: z.array(adminRef).nullish(),
});
export type CarrotQuestChannel = z.output<typeof channelSchema>;

/**
 * A paging cursor of the current API: a JSON array, `[id]` for paging by primary key, `[timestamp, id]`
 * for paging by date (https://developers.carrotquest.io/webapi/pagination, "Пагинация версии 2").
 */
export const pagePositionSchema = z.array(z.union([z.number(), z.string()])).min(1);
export type PagePosition = z.output<typeof pagePositionSchema>;

export const envelopeSchema = z.looseObject({
  meta: z.looseObject({
    status: z.number(),
    error: z.string().nullish(),
    error_message: z.string().nullish(),
    // Documented as an array (https://developers.carrotquest.io/webapi/pagination); what the end of the
    // data looks like is not documented, so null, a missing field and an empty array all mean "no more".
    next_before_position: z.union([pagePositionSchema, z.array(z.never()).length(0)]).nullish(),
  }),
  data: z.unknown(),
});

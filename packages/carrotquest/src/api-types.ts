import { z } from 'zod';

// Response shapes, validated loosely: the fields we read must have the documented type, anything else
// passes through untouched (CarrotQuest adds fields without notice).

const id = z.union([z.number(), z.string()]);
const adminRef = z.looseObject({ id: id.nullish(), name: z.string().nullish(), type: z.string().nullish() });

export const conversationSchema = z.looseObject({
  id,
  created: z.number(),
  closed: z.boolean().nullish(),
  type: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  external_service: z.string().nullish(),
  external_id: id.nullish(),
  assignee: adminRef.nullish(),
  last_admin: adminRef.nullish(),
  user: z.looseObject({ id, props: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  channel: z.looseObject({ id: id.nullish(), type: z.string().nullish(), name: z.string().nullish() }).nullish(),
});
export type CqConversation = z.infer<typeof conversationSchema>;

export const partSchema = z.looseObject({
  id,
  created: z.number(),
  conversation: id.nullish(),
  part_group: id.nullish(),
  body: z.string().nullish(),
  type: z.string().nullish(),
  sent_via: z.string().nullish(),
  from: z.union([id, adminRef]).nullish(),
});
export type CqPart = z.infer<typeof partSchema>;

export const userSchema = z.looseObject({
  id,
  user_id: z.union([z.string(), z.number()]).nullish(),
  removed: z.unknown().optional(),
  props: z.record(z.string(), z.unknown()).nullish(),
  props_custom: z.record(z.string(), z.unknown()).nullish(),
});
export type CqUser = z.infer<typeof userSchema>;

export const channelSchema = z.looseObject({
  id,
  name: z.string().nullish(),
  type: z.string(),
  operators: z.array(adminRef).nullish(),
});
export type CqChannel = z.infer<typeof channelSchema>;

export const envelopeSchema = z.looseObject({
  meta: z.looseObject({
    status: z.number(),
    error: z.string().nullish(),
    error_message: z.string().nullish(),
    next_before_position: z.union([z.number(), z.string()]).nullish(),
  }),
  data: z.unknown(),
});

// How a stored conversation changes after it was first read: more messages in its open question, or a
// returning visitor's new question (a new part group in the same conversation, issue #23).
import { adminObject, buildQuestionParts, NOT_REMOVED, type ScenarioQuestion } from './question-parts';
import { DEFAULT_OPERATOR, visitorSentVia } from './chat-scenario';
import { compareIds } from './fake-paging';
import type { FakeApp, Json } from './fake-state';

export interface NewQuestion extends ScenarioQuestion {
  /**
   * The conversation's `closed` once the question is added; closed when the question ends with a
   * `closed` part, else open (the visitor is waiting for an answer).
   */
  conversationClosed?: boolean;
  /** The visitor's custom props set since (e.g. a new session's cb_session_id): merged over the old ones. */
  propsCustom?: Json;
}

function conversationOf(app: FakeApp, conversationId: string): Json {
  const conversation = app.conversations.get(conversationId);
  if (!conversation) throw new Error(`fake: no conversation ${conversationId}`);
  return conversation;
}

function maxId(values: unknown[]): string {
  return values.reduce<string>((max, v) => (v != null && compareIds(String(v), max) > 0 ? String(v) : max), '0');
}

/** What every change moves: the count, the last part and `last_update` ("date of last part creation"). */
function afterNewParts(conversation: Json, parts: Json[], lastUpdate?: number): void {
  const newest = parts.reduce((a, b) => (compareIds(String(b.id), String(a.id)) > 0 ? b : a));
  conversation.parts_count = parts.length;
  conversation.part_last = newest;
  conversation.last_update = lastUpdate ?? newest.created;
}

/**
 * A returning visitor's new question: parts after every existing one, in a new part group whose id is
 * above the conversation's others (part-group ids growing with time is what the fake assumes; the docs
 * do not say). Returns the new parts.
 */
export function addQuestionTo(app: FakeApp, conversationId: string, question: NewQuestion): Json[] {
  const conversation = conversationOf(app, conversationId);
  const parts = app.parts.get(conversationId) ?? [];
  const userId = String(conversation.user?.id ?? '');
  const operator = question.operator ?? DEFAULT_OPERATOR;
  const added = buildQuestionParts({
    conversationId,
    userId,
    question,
    partGroup: String(BigInt(maxId(parts.map((p) => p.part_group))) + 1n),
    firstPartId: String(BigInt(maxId(parts.map((p) => p.id))) + 1n),
    operator,
    visitorSentVia: visitorSentVia(
      conversation.channel !== undefined && conversation.channel.type !== 'manual',
      conversation.external_service !== undefined,
    ),
  });
  parts.push(...added);
  app.parts.set(conversationId, parts);
  afterNewParts(conversation, parts);
  conversation.closed = question.conversationClosed ?? question.closedPart === true;
  if (added.length > 1 || question.closedPart) {
    conversation.assignee = adminObject(operator);
    conversation.last_admin = adminObject(operator);
  }
  const user = app.users.get(userId);
  if (user && question.propsCustom) user.props_custom = { ...user.props_custom, ...question.propsCustom };
  return added;
}

/**
 * New visitor messages in the conversation's latest question, and a later `last_update` (which moves it
 * to the top of the app's list, as CarrotQuest orders it).
 */
export function appendMessages(
  app: FakeApp,
  conversationId: string,
  change: { lastUpdate: number; newTexts?: string[]; closed?: boolean },
): void {
  const conversation = conversationOf(app, conversationId);
  const parts = app.parts.get(conversationId) ?? [];
  const latestGroup = parts.length ? maxId(parts.map((p) => p.part_group)) : '0';
  let lastId = maxId(parts.map((p) => p.id));
  const texts = change.newTexts ?? [];
  for (const [i, text] of texts.entries()) {
    lastId = String(BigInt(lastId) + 1n);
    parts.push({
      id: lastId,
      created: change.lastUpdate - (texts.length - 1 - i),
      conversation: conversationId,
      ...(latestGroup !== '0' ? { part_group: latestGroup } : {}),
      body: text,
      type: 'reply_user',
      sent_via: 'web_user',
      from: conversation.user?.id,
      ...NOT_REMOVED,
    });
  }
  app.parts.set(conversationId, parts);
  if (parts.length) afterNewParts(conversation, parts, change.lastUpdate);
  else conversation.last_update = change.lastUpdate;
  if (change.closed !== undefined) conversation.closed = change.closed;
}

/**
 * CarrotQuest deletes a part (e.g. a GDPR deletion of the user): its `removed` becomes the time of the
 * deletion (https://developers.carrotquest.io/objects/conversationpart; Dashly:
 * https://developers.dashly.io/objects/conversationpart). The docs are silent on the rest, so the fake
 * takes the worst case for us: the part keeps its `body`, and the conversation's `last_update` does not
 * move ("date of last part creation", https://developers.dashly.io/objects/conversation/), so catch-up
 * does not see the deletion. The part is changed in place: `part_last` shows it too when it is the last.
 */
export function removePartOf(app: FakeApp, conversationId: string, partId: string, atSeconds: number): Json {
  conversationOf(app, conversationId);
  const part = (app.parts.get(conversationId) ?? []).find((p) => String(p.id) === partId);
  if (!part) throw new Error(`fake: no part ${partId} in conversation ${conversationId}`);
  part.removed = atSeconds;
  return part;
}

// What an erasure looks for in the stores that keep text as it came (Redis: the delivery log, jobs' data,
// failure reasons, stack traces and logs): the person's phones however written, their e-mails, names,
// CarrotQuest user ids and the ids of their conversations (issue #25, docs/personal-data.md).
import { PersonalDataMatcher, type ErasureCriterion, type PersonalDataNeedles } from '@carrot-bridge/domain';

/** What a target chat contributes: its contacts (read before they are erased) and its ids. */
export interface NeedleSource {
  conversationId: string;
  carrotUserId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

/**
 * A name this short («Ян», «Л.») is in too many texts that are not about the person: searching for it
 * would take other people's entries, and it names no one alone.
 */
export const MIN_NAME_NEEDLE = 3;

/** The needles of an erasure, without repeats: `identifiers` (the criterion and its one step) and the chats. */
export function erasureNeedles(
  identifiers: readonly ErasureCriterion[],
  chats: readonly NeedleSource[],
): PersonalDataNeedles {
  const phones = new Set<string>();
  const texts = new Set<string>();
  for (const { kind, value } of identifiers) (kind === 'phone' ? phones : texts).add(value);
  for (const chat of chats) {
    texts.add(chat.conversationId);
    if (chat.carrotUserId) texts.add(chat.carrotUserId);
    if (chat.contactPhone) phones.add(chat.contactPhone);
    if (chat.contactEmail) texts.add(chat.contactEmail);
    const name = chat.contactName?.trim();
    if (name && name.length >= MIN_NAME_NEEDLE) texts.add(name);
  }
  phones.delete('');
  texts.delete('');
  return { phones: [...phones], texts: [...texts] };
}

/** The matcher the Redis sweep asks of every text: built once per erasure. */
export function erasureMatcher(
  identifiers: readonly ErasureCriterion[],
  chats: readonly NeedleSource[],
): PersonalDataMatcher {
  return new PersonalDataMatcher(erasureNeedles(identifiers, chats));
}

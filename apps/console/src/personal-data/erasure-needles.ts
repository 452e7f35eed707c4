// What an erasure looks for in the stores that keep text as it came (Redis: the delivery log, jobs' data,
// failure reasons, stack traces and logs): every spelling of the person's phones, their e-mails, names,
// CarrotQuest user ids and the ids of their conversations (issue #25, docs/personal-data.md).
import { phoneSpellings, type ErasureCriterion } from '@carrot-bridge/domain';

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
export function erasureNeedles(identifiers: readonly ErasureCriterion[], chats: readonly NeedleSource[]): string[] {
  const needles = new Set<string>();
  const addPhone = (phone: string) => phoneSpellings(phone).forEach((spelling) => needles.add(spelling));
  for (const { kind, value } of identifiers) {
    if (kind === 'phone') addPhone(value);
    else needles.add(value);
  }
  for (const chat of chats) {
    needles.add(chat.conversationId);
    if (chat.carrotUserId) needles.add(chat.carrotUserId);
    if (chat.contactPhone) addPhone(chat.contactPhone);
    if (chat.contactEmail) needles.add(chat.contactEmail);
    const name = chat.contactName?.trim();
    if (name && name.length >= MIN_NAME_NEEDLE) needles.add(name);
  }
  needles.delete('');
  return [...needles];
}

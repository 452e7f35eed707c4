import type { StoredQuestion } from '@carrot-bridge/db';
import {
  criterionDigestInput,
  erasureCoversQuestion,
  extractContact,
  retentionCutoff,
  type ErasureCriterion,
  type Question,
  type QuestionPart,
  type Transcript,
} from '@carrot-bridge/domain';
import type { ErasedSubjects } from './erased-subject-lookup';

/** Why and since when a question is written without personal data. */
export interface QuestionErasure {
  at: Date;
  cause: 'request' | 'retention';
}

export interface QuestionContacts {
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

/** What a question's chat may hold of the person: its contacts, or nothing when an erasure covers it. */
export interface QuestionPersonalData {
  erasure: QuestionErasure | null;
  contacts: QuestionContacts;
}

const NO_CONTACTS: QuestionContacts = { contactName: null, contactPhone: null, contactEmail: null };

export interface PersonalDataInput<P extends QuestionPart> {
  accountId: string;
  /** The questions read, oldest first; decided up to and including the one with id `upToQuestionId`. */
  questions: ReadonlyArray<Question<P>>;
  upToQuestionId: string;
  transcriptOf: (questionId: string) => Transcript;
  /** The questions stored before, oldest first. */
  stored: readonly StoredQuestion[];
  userId: string;
  userProps: Record<string, unknown>;
  region: Parameters<typeof extractContact>[2];
  /** The account's «Срок хранения переписки», in days; null keeps everything. */
  retentionDays: number | null;
  now: Date;
  erasedSubjects: ErasedSubjects | undefined;
}

/**
 * Which questions of the conversation are written without personal data, and the contacts of the others
 * (issue #25, docs/personal-data.md, "No way back in"). Oldest first, a question is stripped when
 * - its stored chat was erased (it stays so),
 * - the visitor's CarrotQuest user id was erased on request at or after its start,
 * - it started before the retention cutoff (cause `retention`),
 * - the phone or e-mail its contacts come to was erased on request at or after its start.
 * A stripped question's texts are never a contact source for a later one. The contacts stored with a
 * question are a last resort only while its texts are not read now: a question read now (the one being
 * rewritten among them) speaks through its texts as they are now, so a phone whose text CarrotQuest
 * removed does not come back through the contacts stored from it; an erased chat has none. A question
 * started after an erasure is imported as usual.
 */
export async function decideQuestionPersonalData<P extends QuestionPart>(
  input: PersonalDataInput<P>,
): Promise<Map<string, QuestionPersonalData>> {
  const { accountId, erasedSubjects } = input;
  const erasures = new Map<string, Promise<Date | null>>();
  const latestErasure = (criteria: ErasureCriterion[]) => {
    if (!erasedSubjects || criteria.length === 0) return Promise.resolve(null);
    const inputs = criteria.map(criterionDigestInput).sort();
    const key = inputs.join('\n');
    if (!erasures.has(key)) erasures.set(key, erasedSubjects.latestErasure(accountId, inputs));
    return erasures.get(key)!;
  };
  const userErasedAt = await latestErasure([{ kind: 'carrot_user', value: input.userId }]);
  const cutoff = input.retentionDays ? retentionCutoff(input.now, input.retentionDays) : null;
  const storedOf = new Map(input.stored.filter((s) => s.questionId !== null).map((s) => [s.questionId!, s]));
  const pastRetention = (at: Date) => cutoff !== null && at.getTime() < cutoff.getTime();
  // Stored contacts speak only for texts this import cannot see: those of the questions not read now
  // (older than the parts floor), not erased and not due to be.
  const read = new Set(input.questions.map((q) => q.id));
  const fallbacks = [...input.stored]
    .reverse()
    .filter(
      (s) =>
        s.questionId !== null &&
        !read.has(s.questionId) &&
        s.personalDataErasedAt === null &&
        !erasureCoversQuestion(s.startedAt, userErasedAt) &&
        !pastRetention(s.startedAt),
    );

  const decided = new Map<string, QuestionPersonalData>();
  const earlierTexts: string[][] = [];
  for (const question of input.questions) {
    const stored = storedOf.get(question.id) ?? null;
    let erasure: QuestionErasure | null = null;
    if (stored?.personalDataErasedAt)
      erasure = { at: stored.personalDataErasedAt, cause: stored.personalDataErasure ?? 'request' };
    else if (erasureCoversQuestion(question.startedAt, userErasedAt)) erasure = { at: userErasedAt!, cause: 'request' };
    else if (pastRetention(question.startedAt)) erasure = { at: input.now, cause: 'retention' };

    let contacts = NO_CONTACTS;
    if (!erasure) {
      const texts = input.transcriptOf(question.id).visitorTexts;
      const found = extractContact(input.userProps, [...texts, ...[...earlierTexts].reverse().flat()], input.region);
      const earlier = (field: keyof QuestionContacts) => fallbacks.find((s) => s[field])?.[field] ?? null;
      contacts = {
        contactName: found.name ?? earlier('contactName'),
        contactPhone: found.phone ?? earlier('contactPhone'),
        contactEmail: found.email ?? earlier('contactEmail'),
      };
      const criteria: ErasureCriterion[] = [];
      if (contacts.contactPhone) criteria.push({ kind: 'phone', value: contacts.contactPhone });
      if (contacts.contactEmail) criteria.push({ kind: 'email', value: contacts.contactEmail });
      const erasedAt = await latestErasure(criteria);
      if (erasureCoversQuestion(question.startedAt, erasedAt)) {
        erasure = { at: erasedAt!, cause: 'request' };
        contacts = NO_CONTACTS;
      } else earlierTexts.push(texts);
    }
    decided.set(question.id, { erasure, contacts });
    if (question.id === input.upToQuestionId) break;
  }
  return decided;
}

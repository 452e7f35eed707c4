import { CodedError } from '@carrot-bridge/domain';

/** Failures the import itself detects (CarrotQuest's own failures are CarrotQuestErrors). */
export enum ImportErrorCode {
  /** The integration's key was found invalid earlier; calling CarrotQuest again would only fail again. */
  KeyMarkedInvalid = 'key_marked_invalid',
  /** The conversation has no user to read contacts and session from. */
  ConversationWithoutUser = 'conversation_without_user',
}

export class ImportError extends CodedError<ImportErrorCode> {}

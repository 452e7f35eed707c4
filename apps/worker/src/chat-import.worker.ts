import { CHAT_IMPORT, type ChatImportJobData } from '@carrot-bridge/queue';
import { decideFailure } from './decide-failure';
import type { ImportChatUseCase, ImportOutcome } from './import-chat.usecase';
import { WorkerBase, type AttemptEvent, type WorkerWiring } from './worker-base';

export interface ChatImportWorkerOptions extends WorkerWiring {
  maxRateLimitWaits: number;
  useCase: ImportChatUseCase;
  /** Observes every finished attempt (metrics); `code` is from a fixed set. */
  onAttempt?: (event: AttemptEvent) => void;
}

/**
 * Wiring only: the chat-import catalog entry, ImportChatUseCase and decideFailure (retry with backoff,
 * wait for a 429 without spending an attempt, or give up — marking the key invalid on 401/403 is the use
 * case's give-up side effect).
 */
export class ChatImportWorker extends WorkerBase<ChatImportJobData, ImportOutcome> {
  constructor({ maxRateLimitWaits, onAttempt, ...wiring }: ChatImportWorkerOptions) {
    super({
      ...wiring,
      label: 'chat import',
      definitions: [CHAT_IMPORT],
      decide: decideFailure,
      maxWaits: maxRateLimitWaits,
      describe: (data) => ({ integrationId: data.integrationId, conversationId: data.conversationId }),
      report: (outcome) =>
        outcome.status === 'imported'
          ? { outcome: 'completed', code: outcome.attributionKind, message: 'chat imported', fields: { chatId: outcome.chatId, attributionKind: outcome.attributionKind, channel: outcome.channel, messages: outcome.messages } }
          : { outcome: 'skipped', code: outcome.code, message: 'chat import skipped', fields: { reason: outcome.reason } },
      ...(onAttempt ? { onAttempt } : {}),
    });
  }
}

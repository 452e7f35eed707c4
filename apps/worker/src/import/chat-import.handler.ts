import type { ChatImportJobData } from '@carrot-bridge/queue';
import { payloadHandler } from '../job-handler-parts';
import type { JobHandler } from '../lifecycle/job-handler';
import { decideFailure } from './decide-failure';
import type { ImportChatUseCase, ImportOutcome } from './import-chat.usecase';

/**
 * A chat import: ImportChatUseCase and decideFailure (retry with backoff, wait for a 429 without
 * spending an attempt up to `maxRateLimitWaits` times, or give up — marking the key invalid on 401/403
 * is the use case's give-up side effect).
 */
export function chatImportHandler(
  useCase: Pick<ImportChatUseCase, 'execute' | 'onGiveUp'>,
  maxRateLimitWaits: number,
): JobHandler<ChatImportJobData, ImportOutcome> {
  return payloadHandler(useCase, {
    label: 'chat import',
    logged: ['integrationId', 'conversationId'],
    maxWaits: maxRateLimitWaits,
    decide: decideFailure,
    onGiveUp: (data, decision) => useCase.onGiveUp(data, decision),
    report: (outcome) =>
      outcome.status === 'imported'
        ? {
            outcome: 'completed',
            code: outcome.attributionKind,
            message: 'chat imported',
            fields: {
              chatId: outcome.chatId,
              attributionKind: outcome.attributionKind,
              channel: outcome.channel,
              messages: outcome.messages,
            },
          }
        : {
            outcome: 'skipped',
            code: outcome.code,
            message: 'chat import skipped',
            fields: { reason: outcome.reason },
          },
  });
}

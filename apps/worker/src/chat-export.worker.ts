import type { Redis } from 'ioredis';
import type { Logger } from '@carrot-bridge/logging';
import { CHAT_EXPORT, type ChatExportJobData, type RetryPolicy } from '@carrot-bridge/queue';
import { decideExportFailure } from './decide-export-failure';
import type { ExportChatsUseCase, ExportRunOutcome } from './export-chats.usecase';
import { WorkerBase } from './worker-base';

export interface ChatExportWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  retryPolicy: RetryPolicy;
  useCase: ExportChatsUseCase;
  logger: Logger;
}

/**
 * Wiring only: the chat-export catalog entry, ExportChatsUseCase and decideExportFailure (wait out spent
 * limits without spending an attempt, stop and record a refusal of the whole integration — the use case's
 * give-up side effect —, or retry with backoff).
 */
export class ChatExportWorker extends WorkerBase<ChatExportJobData, ExportRunOutcome> {
  constructor(options: ChatExportWorkerOptions) {
    super({
      label: 'chat export',
      definitions: [CHAT_EXPORT],
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      retryPolicy: options.retryPolicy,
      logger: options.logger,
      useCase: options.useCase,
      decide: decideExportFailure,
      describe: (data) => ({ integrationId: data.integrationId }),
      report: (outcome) => ({ outcome: 'completed', code: 'exported', message: 'chat export finished', fields: { ...outcome } }),
    });
  }
}

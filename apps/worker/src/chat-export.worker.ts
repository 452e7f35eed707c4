import { CHAT_EXPORT, type ChatExportJobData } from '@carrot-bridge/queue';
import { decideExportFailure } from './decide-export-failure';
import type { ExportChatsUseCase, ExportRunOutcome } from './export-chats.usecase';
import { WorkerBase, type WorkerWiring } from './worker-base';

export interface ChatExportWorkerOptions extends WorkerWiring {
  useCase: ExportChatsUseCase;
}

/**
 * Wiring only: the chat-export catalog entry, ExportChatsUseCase and decideExportFailure (wait out spent
 * limits without spending an attempt, stop and record a refusal of the whole integration — the use case's
 * give-up side effect —, or retry with backoff).
 */
export class ChatExportWorker extends WorkerBase<ChatExportJobData, ExportRunOutcome> {
  constructor(wiring: ChatExportWorkerOptions) {
    super({
      ...wiring,
      label: 'chat export',
      definitions: [CHAT_EXPORT],
      decide: decideExportFailure,
      describe: (data) => ({ integrationId: data.integrationId }),
      report: (outcome) => ({ outcome: 'completed', code: 'exported', message: 'chat export finished', fields: { ...outcome } }),
    });
  }
}

import type { ChatExportJobData } from '@carrot-bridge/queue';
import type { JobHandler } from '../lifecycle/job-handler';
import { payloadHandler, reportCompleted } from '../job-handler-parts';
import { decideExportFailure } from './decide-export-failure';
import type { ExportChatsUseCase, ExportRunOutcome } from './export-chats.usecase';

/**
 * A chat export: ExportChatsUseCase and decideExportFailure (wait out spent limits without spending an
 * attempt, stop and record a refusal of the whole integration — the use case's give-up side effect —,
 * or retry with backoff).
 */
export function chatExportHandler(
  useCase: Pick<ExportChatsUseCase, 'execute' | 'onGiveUp'>,
): JobHandler<ChatExportJobData, ExportRunOutcome> {
  return payloadHandler(useCase, {
    label: 'chat export',
    logged: ['integrationId'],
    decide: decideExportFailure,
    onGiveUp: (data, decision) => useCase.onGiveUp(data, decision),
    report: reportCompleted('exported', 'chat export finished'),
  });
}

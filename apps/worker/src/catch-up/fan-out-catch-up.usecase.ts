import { listCatchUpIntegrations, type Database } from '@carrot-bridge/db';
import type { CatchUpScheduler } from '@carrot-bridge/queue';

/** The catch-up tick: one catch-up job per integration whose chats are imported. */
export class FanOutCatchUpUseCase {
  constructor(
    private readonly db: Database,
    private readonly scheduler: Pick<CatchUpScheduler, 'enqueueIntegration'>,
  ) {}

  async execute(): Promise<{ integrations: number }> {
    const integrations = await listCatchUpIntegrations(this.db);
    for (const integration of integrations) await this.scheduler.enqueueIntegration(integration.id);
    return { integrations: integrations.length };
  }
}

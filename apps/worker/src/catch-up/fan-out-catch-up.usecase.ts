import { listCatchUpIntegrations, type Database } from '@carrot-bridge/db';
import type { CatchUpScheduler } from '@carrot-bridge/queue';
import { FanOutUseCase } from '../lifecycle/fan-out-tick';

/** The catch-up tick: one catch-up job per integration whose chats are imported. */
export class FanOutCatchUpUseCase extends FanOutUseCase {
  constructor(db: Database, scheduler: Pick<CatchUpScheduler, 'enqueueIntegration'>) {
    super(
      async () => (await listCatchUpIntegrations(db)).map((integration) => integration.id),
      (integrationId) => scheduler.enqueueIntegration(integrationId),
    );
  }
}

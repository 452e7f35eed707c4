import { CATCH_UP, CATCH_UP_TICK } from './job-catalog';
import { repeatingTickScheduler } from './repeating-tick-scheduler';

// The catch-up: CarrotQuest retries a failed webhook only "several times after a while"
// (https://carrotquest.io/integration/webhook), and our ingress may be down for longer, so every active
// integration lists the conversations updated since its last catch-up and queues the closed ones that
// changed as ordinary, idempotent import jobs. A repeating tick fans out one CATCH_UP job per integration.

// The period comes from configuration (CATCH_UP_INTERVAL_MS).
export class CatchUpScheduler extends repeatingTickScheduler({ schedulerId: 'catch-up-tick', job: CATCH_UP_TICK }) {
  /** A tick now (operators, tests), even while another waits: ticks only fan out idempotent runs. */
  override async tick(): Promise<void> {
    await this.jobs.queue.add(CATCH_UP_TICK.name, {}, { removeOnComplete: true, removeOnFail: { count: 100 } });
  }

  /** Queues one integration's run unless one is already waiting or running (same job id). */
  async enqueueIntegration(integrationId: string): Promise<void> {
    await this.jobs.add(CATCH_UP, { integrationId });
  }
}

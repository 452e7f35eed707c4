import { client, registerQueueDepthGauge } from '@carrot-bridge/metrics';
import type { QueueInspector } from '@carrot-bridge/queue';
import type { CarrotQuestCallInfo } from '@carrot-bridge/carrotquest';

/** The worker's Prometheus metrics (served by @carrot-bridge/metrics' listenMetrics). */
export class WorkerMetrics {
  readonly registry = new client.Registry();
  private readonly jobs = new client.Counter({
    name: 'carrot_bridge_job_attempts_total',
    help: 'Chat-import attempts by outcome and reason code',
    labelNames: ['outcome', 'code'],
    registers: [this.registry],
  });
  private readonly jobDuration = new client.Histogram({
    name: 'carrot_bridge_job_duration_seconds',
    help: 'Duration of chat-import attempts',
    labelNames: ['outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly apiCalls = new client.Histogram({
    name: 'carrot_bridge_carrotquest_request_duration_seconds',
    help: 'CarrotQuest API calls by endpoint and outcome (HTTP status or error code)',
    labelNames: ['endpoint', 'outcome'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(queues: Pick<QueueInspector, 'importCounts'>) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'carrot_bridge_worker_' });
    registerQueueDepthGauge(this.registry, (states) => queues.importCounts(states), [
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
    ]);
  }

  onAttempt = (event: { outcome: string; code: string; durationMs: number }): void => {
    this.jobs.inc({ outcome: event.outcome, code: event.code });
    this.jobDuration.observe({ outcome: event.outcome }, event.durationMs / 1000);
  };

  onCarrotQuestCall = (info: CarrotQuestCallInfo): void => {
    this.apiCalls.observe({ endpoint: info.endpoint, outcome: info.outcome }, info.durationMs / 1000);
  };
}

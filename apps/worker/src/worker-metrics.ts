import { client, registerQueueDepthGauge } from '@carrot-bridge/metrics';
import type { QueueInspector } from '@carrot-bridge/queue';
import type { CarrotQuestCallInfo } from '@carrot-bridge/carrotquest';
import type { JobKind } from '@carrot-bridge/queue';
import type { AttemptEvent, AttemptOutcome } from './lifecycle/handled-job';

/** An export attempt's outcome as the metric names it: a finished run is `exported`. */
const EXPORT_OUTCOME: Record<AttemptOutcome, string> = {
  completed: 'exported',
  skipped: 'skipped',
  retry: 'retry',
  waiting: 'waiting',
  failed: 'failed',
};

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

  private readonly exportAttempts = new client.Counter({
    name: 'carrot_bridge_export_attempts_total',
    help: 'Chat-export attempts by outcome (exported, retry, waiting, failed, skipped) and the failure decision code (data_api_unavailable...)',
    labelNames: ['outcome', 'code'],
    registers: [this.registry],
  });

  constructor(queues: Pick<QueueInspector, 'importCounts' | 'exportCounts'>) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'carrot_bridge_worker_' });
    const states = ['waiting', 'active', 'delayed', 'failed', 'completed'];
    registerQueueDepthGauge(this.registry, (asked) => queues.importCounts(asked), states);
    // `delayed` holds both the export's batching windows and retries after a failed attempt.
    registerQueueDepthGauge(this.registry, (asked) => queues.exportCounts(asked), states, {
      name: 'carrot_bridge_export_queue_jobs',
      help: 'Chat-export jobs by state (delayed: a batching window or a retry)',
    });
  }

  /** Every finished attempt of every kind of job: imports and exports are counted, each in its series. */
  onJobAttempt = (kind: JobKind, event: AttemptEvent): void => {
    if (kind === 'chatImport') this.onAttempt(event);
    if (kind === 'chatExport') this.exportAttempts.inc({ outcome: EXPORT_OUTCOME[event.outcome], code: event.code });
  };

  onAttempt = (event: { outcome: string; code: string; durationMs: number }): void => {
    this.jobs.inc({ outcome: event.outcome, code: event.code });
    this.jobDuration.observe({ outcome: event.outcome }, event.durationMs / 1000);
  };

  onCarrotQuestCall = (info: CarrotQuestCallInfo): void => {
    this.apiCalls.observe({ endpoint: info.endpoint, outcome: info.outcome }, info.durationMs / 1000);
  };
}

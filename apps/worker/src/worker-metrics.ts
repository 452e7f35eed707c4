import { createServer, type Server } from 'node:http';
import { client, registerQueueDepthGauge } from '@carrot-bridge/metrics';
import type { QueueInspector } from '@carrot-bridge/queue';
import type { CarrotQuestCallInfo } from '@carrot-bridge/carrotquest';

/** The worker's Prometheus metrics, and a tiny HTTP server for /metrics, /healthz and /readyz. */
export class WorkerMetrics {
  readonly registry = new client.Registry();
  private readonly jobs = new client.Counter({ name: 'carrot_bridge_job_attempts_total', help: 'Chat-import attempts by outcome and reason code', labelNames: ['outcome', 'code'], registers: [this.registry] });
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
    registerQueueDepthGauge(this.registry, (states) => queues.importCounts(states), ['waiting', 'active', 'delayed', 'failed', 'completed']);
  }

  onAttempt = (event: { outcome: string; code: string; durationMs: number }): void => {
    this.jobs.inc({ outcome: event.outcome, code: event.code });
    this.jobDuration.observe({ outcome: event.outcome }, event.durationMs / 1000);
  };

  onCarrotQuestCall = (info: CarrotQuestCallInfo): void => {
    this.apiCalls.observe({ endpoint: info.endpoint, outcome: info.outcome }, info.durationMs / 1000);
  };

  /** Serves /metrics, /healthz (process up) and /readyz (`ready()` true). */
  listen(port: number, host: string, ready: () => Promise<boolean>): Server {
    const server = createServer(async (req, res) => {
      if (req.url === '/metrics') {
        res.setHeader('content-type', this.registry.contentType);
        res.end(await this.registry.metrics());
      } else if (req.url === '/healthz') {
        res.setHeader('content-type', 'application/json');
        res.end('{"status":"ok"}');
      } else if (req.url === '/readyz') {
        const ok = await ready().catch(() => false);
        res.statusCode = ok ? 200 : 503;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: ok ? 'ready' : 'not_ready' }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    return server.listen(port, host);
  }
}

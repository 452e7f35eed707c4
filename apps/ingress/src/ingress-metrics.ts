import client from 'prom-client';
import type { ChatImportProducer } from '@carrot-bridge/queue';
import type { AnswerStatus } from './webhook-answers';

/** Prometheus metrics of the ingress, served at GET /metrics. */
export class IngressMetrics {
  readonly registry = new client.Registry();
  private readonly webhooks = new client.Counter({ name: 'carrot_bridge_webhooks_total', help: 'Webhook answers by status', labelNames: ['answer'], registers: [this.registry] });

  constructor(queue: Pick<ChatImportProducer['queue'], 'getJobCounts'>) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'carrot_bridge_ingress_' });
    new client.Gauge({
      name: 'carrot_bridge_queue_jobs',
      help: 'Chat-import jobs by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => null);
        if (!counts) return;
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      },
    });
  }

  onAnswer = (status: AnswerStatus): void => {
    this.webhooks.inc({ answer: status });
  };
}

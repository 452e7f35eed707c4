import { client, registerQueueDepthGauge } from '@carrot-bridge/metrics';
import type { QueueInspector } from '@carrot-bridge/queue';
import type { AnswerStatus } from './webhook-answers';

/** Prometheus metrics of the ingress, served at GET /metrics. */
export class IngressMetrics {
  readonly registry = new client.Registry();
  private readonly webhooks = new client.Counter({
    name: 'carrot_bridge_webhooks_total',
    help: 'Webhook answers by status',
    labelNames: ['answer'],
    registers: [this.registry],
  });

  constructor(queues: Pick<QueueInspector, 'importCounts'>) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'carrot_bridge_ingress_' });
    registerQueueDepthGauge(this.registry, (states) => queues.importCounts(states));
  }

  onAnswer = (status: AnswerStatus): void => {
    this.webhooks.inc({ answer: status });
  };
}

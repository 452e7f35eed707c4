import { client, registerQueueDepthGauge } from '@carrot-bridge/metrics';
import type { ChatImportProducer } from '@carrot-bridge/queue';
import type { AnswerStatus } from './webhook-answers';

/** Prometheus metrics of the ingress, served at GET /metrics. */
export class IngressMetrics {
  readonly registry = new client.Registry();
  private readonly webhooks = new client.Counter({ name: 'carrot_bridge_webhooks_total', help: 'Webhook answers by status', labelNames: ['answer'], registers: [this.registry] });

  constructor(queue: Pick<ChatImportProducer['queue'], 'getJobCounts'>) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'carrot_bridge_ingress_' });
    registerQueueDepthGauge(this.registry, queue);
  }

  onAnswer = (status: AnswerStatus): void => {
    this.webhooks.inc({ answer: status });
  };
}

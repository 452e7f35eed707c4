import client from 'prom-client';

/** Counts of a queue's jobs by state (QueueInspector.importCounts, exportCounts). */
export type JobCounts = (states: string[]) => Promise<Record<string, number>>;

/** Which gauge: the chat-import one keeps its historical name, `carrot_bridge_queue_jobs`. */
export interface QueueGaugeName {
  name: string;
  help: string;
}

const CHAT_IMPORT_GAUGE: QueueGaugeName = { name: 'carrot_bridge_queue_jobs', help: 'Chat-import jobs by state' };

/** `carrot_bridge_queue_jobs{state}` (or `gauge`'s name): read from Redis when Prometheus scrapes, never cached. */
export function registerQueueDepthGauge(
  registry: client.Registry,
  queue: JobCounts,
  states: string[] = ['waiting', 'active', 'delayed', 'failed'],
  gauge: QueueGaugeName = CHAT_IMPORT_GAUGE,
): void {
  new client.Gauge({
    name: gauge.name,
    help: gauge.help,
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await queue(states).catch(() => null);
      if (!counts) return;
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}

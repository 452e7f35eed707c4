import client from 'prom-client';

/** Counts of chat-import jobs by state (QueueInspector.importCounts). */
export type JobCounts = (states: string[]) => Promise<Record<string, number>>;

/** `carrot_bridge_queue_jobs{state}`: read from Redis when Prometheus scrapes, never cached. */
export function registerQueueDepthGauge(
  registry: client.Registry,
  queue: JobCounts,
  states: string[] = ['waiting', 'active', 'delayed', 'failed'],
): void {
  new client.Gauge({
    name: 'carrot_bridge_queue_jobs',
    help: 'Chat-import jobs by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await queue(states).catch(() => null);
      if (!counts) return;
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });
}

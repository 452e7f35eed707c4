import type { Redis } from 'ioredis';
import {
  JOB_CATALOG,
  JOB_KINDS,
  JobConsumer,
  routeJob,
  type JobDataByKind,
  type JobKind,
  type JobRoute,
  type RetryPolicy,
} from '@carrot-bridge/queue';
import type { Logger } from '@carrot-bridge/logging';
import { handledJob, type AttemptEvent } from './handled-job';
import type { JobHandler } from './job-handler';

/**
 * Every kind of job of the catalog with its handler. The compiler checks it against the catalog: a kind
 * without a handler, or a handler of another payload, does not compile.
 */
export type JobHandlerMap = { readonly [K in JobKind]: JobHandler<JobDataByKind[K]> };

export interface JobWorkersWiring {
  connection: Redis;
  prefix: string;
  retryPolicy: RetryPolicy;
  logger: Logger;
  /** Jobs at once per queue (the catalog's queue names); 1 where not said. */
  concurrency: Readonly<Record<string, number>>;
  /** Observes every finished attempt of every kind (metrics). */
  onAttempt?: (kind: JobKind, event: AttemptEvent) => void;
}

function routeOf<K extends JobKind>(
  kind: K,
  handlers: Partial<JobHandlerMap>,
  wiring: JobWorkersWiring,
): JobRoute | null {
  const handler = handlers[kind];
  if (!handler) return null;
  const { onAttempt } = wiring;
  return routeJob(
    JOB_CATALOG[kind],
    handledJob(handler, {
      logger: wiring.logger,
      ...(onAttempt ? { onAttempt: (event: AttemptEvent) => onAttempt(kind, event) } : {}),
    }),
  );
}

/**
 * The worker's lifecycle: one consumer per queue of the catalog that has handlers here, started and
 * closed together. Processes give the whole map; tests may give the kinds they exercise.
 */
export class JobWorkers {
  private readonly consumers: JobConsumer[];

  constructor(handlers: Partial<JobHandlerMap>, wiring: JobWorkersWiring) {
    const byQueue = new Map<string, JobRoute[]>();
    for (const kind of JOB_KINDS) {
      const route = routeOf(kind, handlers, wiring);
      if (route) byQueue.set(route.queue, [...(byQueue.get(route.queue) ?? []), route]);
    }
    this.consumers = [...byQueue].map(([queue, routes]) => {
      const consumer = new JobConsumer(routes, {
        connection: wiring.connection,
        prefix: wiring.prefix,
        retryPolicy: wiring.retryPolicy,
        concurrency: wiring.concurrency[queue] ?? 1,
      });
      consumer.onConnectionError((error) =>
        wiring.logger.error(`${queue} worker connection error`, { error: error.message }),
      );
      return consumer;
    });
  }

  start(): void {
    for (const consumer of this.consumers) consumer.start();
  }

  /** Lets in-flight jobs finish (a backfill stops after its page and is requeued). */
  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.close()));
  }
}

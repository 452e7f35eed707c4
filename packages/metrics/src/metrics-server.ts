import { createServer, type Server } from 'node:http';

export interface MetricsServerOptions {
  port: number;
  host: string;
  /** What /metrics serves: a prom-client Registry fits (`contentType`, `metrics()`). */
  registry: { contentType: string; metrics: () => Promise<string> };
  /** /readyz: 200 when it resolves true; 503 when false or when it fails. */
  ready: () => Promise<boolean>;
  onListening?: (port: number) => void;
  /**
   * Server errors (a port already taken). Where given, they are reported and the process goes on (the
   * ingress keeps serving webhooks); where not, they are thrown as an unhandled 'error' event.
   */
  onError?: (error: Error) => void;
}

/**
 * The apps' Prometheus metrics and health on their own port, bound to an internal address: /metrics,
 * /healthz (the process is up) and /readyz (its dependencies are). A public port then serves its own
 * traffic only, so queue depths and answer counts are not published to the world.
 */
export function listenMetrics(options: MetricsServerOptions): Server {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === '/metrics') {
        res.setHeader('content-type', options.registry.contentType);
        return void res.end(await options.registry.metrics());
      }
      if (req.url === '/healthz') return void res.setHeader('content-type', 'application/json').end('{"status":"ok"}');
      if (req.url === '/readyz') {
        const ready = await options.ready().catch(() => false);
        res.statusCode = ready ? 200 : 503;
        return void res
          .setHeader('content-type', 'application/json')
          .end(JSON.stringify({ status: ready ? 'ready' : 'not_ready' }));
      }
      res.statusCode = 404;
      res.end();
    } catch {
      res.statusCode = 500;
      res.end();
    }
  });
  if (options.onError) server.on('error', options.onError);
  server.listen(options.port, options.host, () => {
    const address = server.address();
    options.onListening?.(typeof address === 'object' && address ? address.port : options.port);
  });
  return server;
}

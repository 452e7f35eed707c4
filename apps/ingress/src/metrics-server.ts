import { createServer, type Server } from 'node:http';

/**
 * Prometheus metrics (and health) on their own port, bound to an internal address: the public
 * webhook port serves webhooks only, so queue depths and answer counts are not published to the world.
 */
export function listenMetrics(options: {
  port: number;
  host: string;
  metrics: { contentType: string; render: () => Promise<string> };
  ready: () => Promise<boolean>;
  onListening?: (port: number) => void;
  /** A port already taken must not take the webhooks down with it: reported, not thrown. */
  onError?: (error: Error) => void;
}): Server {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === '/metrics') {
        res.setHeader('content-type', options.metrics.contentType);
        return void res.end(await options.metrics.render());
      }
      if (req.url === '/healthz') return void res.setHeader('content-type', 'application/json').end('{"status":"ok"}');
      if (req.url === '/readyz') {
        const ready = await options.ready();
        res.statusCode = ready ? 200 : 503;
        return void res.setHeader('content-type', 'application/json').end(JSON.stringify({ status: ready ? 'ready' : 'not_ready' }));
      }
      res.statusCode = 404;
      res.end();
    } catch {
      res.statusCode = 500;
      res.end();
    }
  });
  server.on('error', (error) => options.onError?.(error));
  server.listen(options.port, options.host, () => {
    const address = server.address();
    options.onListening?.(typeof address === 'object' && address ? address.port : options.port);
  });
  return server;
}

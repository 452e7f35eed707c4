import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake API's HTTP server on loopback (port 0: a free one), and how to stop it without waiting for idle sockets. */
/** Anything that listens like an Express app. */
export interface Listenable {
  listen(port: number, host: string, callback: (error?: Error) => void): Server;
}

export async function listenOnLoopback(
  app: Listenable,
  what: string,
  port = 0,
  host = '127.0.0.1',
): Promise<{ server: Server; port: number; stop: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (error?: Error) =>
      error ? reject(new Error(`${what} cannot listen: ${error.message}`)) : resolve(s),
    );
  });
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, port: (server.address() as AddressInfo).port, stop };
}

// One account's mass mailing: N webhooks as fast as the ingress takes them, over a fixed number of
// connections, a refused one sent again the way CarrotQuest would. CarrotQuest documents only that it
// retries a failed webhook "several times after a while" (https://carrotquest.io/integration/webhook):
// how many times and how long after are not documented, so this sender honours the ingress's
// Retry-After and gives up after RETRIES more attempts (an assumption, stated in the bench's table).
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export const RETRIES = 3;
const CONNECTIONS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BurstLoad {
  sent: number;
  /** Webhooks the ingress accepted (200) in the end, and those it still refused after every retry. */
  accepted: number;
  givenUp: number;
  /** 429 answers seen on the way (a webhook retried twice counts twice). */
  rateLimited: number;
  /** From the first send to the last answer, s. */
  seconds: number;
}

function post(agent: Agent, url: string, body: string): Promise<{ status: number; retryAfterS: number }> {
  return new Promise((resolve) => {
    const payload = Buffer.from(body);
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': payload.length },
      },
      (res) => {
        res.resume();
        const retryAfterS = Number(res.headers['retry-after'] ?? 1);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfterS: Number.isFinite(retryAfterS) ? retryAfterS : 1 }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, retryAfterS: 1 }));
    req.end(payload);
  });
}

/** Sends webhook k = 0..n-1 (`body(k)`) to `url` as fast as answered, retrying refusals as above. */
export async function sendBurst(url: string, n: number, body: (k: number) => string): Promise<BurstLoad> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const started = performance.now();
  const tally = { accepted: 0, givenUp: 0, rateLimited: 0 };
  const retrying: Array<Promise<void>> = [];
  const attempt = async (k: number, retries: number): Promise<void> => {
    const { status, retryAfterS } = await post(agent, url, body(k));
    if (status === 200) return void (tally.accepted += 1);
    if (status === 429) tally.rateLimited += 1;
    if (retries >= RETRIES) return void (tally.givenUp += 1);
    // The retry waits off the connection: the rest of the burst goes meanwhile, as CarrotQuest's would.
    retrying.push(sleep(retryAfterS * 1000).then(() => attempt(k, retries + 1)));
  };
  let cursor = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (cursor < n) await attempt(cursor++, 0);
    }),
  );
  // Retries may schedule further retries: wait until none is left.
  while (retrying.length) await retrying.shift();
  agent.destroy();
  return { sent: n, ...tally, seconds: (performance.now() - started) / 1000 };
}

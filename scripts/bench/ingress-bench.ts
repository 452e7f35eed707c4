// Ingress throughput and latency against a bare Express baseline, measured in the same run on the same
// machine. Servers run as child processes (one core each under load); autocannon drives them from this
// process. Traffic goes to 127.0.0.1 only. Needs redis-server on PATH (or REDIS_URL).
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { generateWebhookKey, hashSecret } from '@carrot-bridge/secrets';
import { appArguments, appRuntime } from './app-command';
import { freePort, PrivateRedisServer, waitFor } from '@carrot-bridge/test-support';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const children: ChildProcess[] = [];

/** Extra node flags for the ingress child only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/ingress-prof`). */
const INGRESS_NODE_OPTIONS = (process.env.BENCH_INGRESS_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);

function start(args: string[], env: Record<string, string>): void {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  children.push(child);
}

/** Each request carries a new event id, as real deliveries do (duplicates would skip the enqueue). */
function bodies(): () => string {
  const params = new URLSearchParams(loadWebhookBody());
  let n = 0;
  return () => {
    n += 1;
    params.set('event_id', String(1_000_000_000 + n));
    return params.toString();
  };
}

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, options: { overallRate?: number } = {}): Promise<Figures> {
  const next = bodies();
  const result = await autocannon({
    url,
    method: 'POST',
    connections: options.overallRate ? 20 : CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [{ setupRequest: (request) => ({ ...request, body: next() }) }],
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

export async function benchIngress(): Promise<{ markdown: string }> {
  const redisServer = process.env.REDIS_URL ? null : new PrivateRedisServer();
  try {
    if (redisServer) await redisServer.start();
    const redisUrl = process.env.REDIS_URL ?? redisServer!.url;
    const prefix = `bench-${Date.now()}`;
    const redis = createRedisConnection(redisUrl, 'producer');
    await redisReady(redis);
    const key = generateWebhookKey();
    const secretsKey = randomBytes(32).toString('base64');
    await new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(secretsKey)).replaceAll(
      new Map([
        [
          hashSecret(key),
          {
            integrationId: '00000000-0000-4000-8000-00000000b0b0',
            accountId: '00000000-0000-4000-8000-000000000001',
            active: true,
            tokenHash: null,
          },
        ],
      ]),
    );

    const [ingressPort, barePort] = [await freePort(), await freePort()];
    start(appArguments('ingress', INGRESS_NODE_OPTIONS), {
      REDIS_URL: redisUrl,
      SECRETS_KEY: secretsKey,
      INGRESS_METRICS_PORT: '0',
      QUEUE_PREFIX: prefix,
      INGRESS_PORT: String(ingressPort),
      INGRESS_HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    });
    start(['--import', 'tsx', 'scripts/bench/bare-webhook-server.ts'], { BENCH_BARE_PORT: String(barePort) });
    await waitFor(
      'servers',
      async () =>
        (await fetch(`http://127.0.0.1:${ingressPort}/readyz`)).ok &&
        (await fetch(`http://127.0.0.1:${barePort}/`).then(
          () => true,
          () => false,
        )),
      30_000,
      200,
    );

    const ingressUrl = `http://127.0.0.1:${ingressPort}/webhooks/carrotquest/${key}`;
    const bareUrl = `http://127.0.0.1:${barePort}/webhooks/carrotquest/${key}`;
    console.log(`bench: ${DURATION_S} s per run, ${CONNECTIONS} connections; warming up...`);
    await load(ingressUrl);
    const bare = await load(bareUrl);
    const ingress = await load(ingressUrl);
    // The paced p99 is read against bare Express paced the same way, just before: autocannon's overallRate
    // lets each connection send its share of the second at once, so both measure 20 concurrent requests
    // in bursts, and what the load generator and the machine add shows in the baseline too.
    const barePaced = await load(bareUrl, { overallRate: 1000 });
    const paced = await load(ingressUrl, { overallRate: 1000 });
    const queued = await redis.llen(`${prefix}:chat-import:wait`);
    redis.disconnect();

    const ratio = ingress.requestsPerSecond / bare.requestsPerSecond;
    const rows = [
      ['bare Express, 200 to the same body (baseline)', bare],
      ['ingress: parse, key lookup, validate, enqueue', ingress],
      ['bare Express at a fixed 1,000 webhooks/s (baseline of the p99)', barePaced],
      ['ingress at a fixed 1,000 webhooks/s', paced],
    ] as const;
    console.table(
      rows.map(([name, f]) => ({
        run: name,
        'req/s': Math.round(f.requestsPerSecond),
        'p50 ms': f.p50,
        'p99 ms': f.p99,
        'non-2xx': f.non2xx,
      })),
    );
    console.log(
      `ingress / baseline throughput: ${(ratio * 100).toFixed(0)}% (target >= 70%); p99 at 1,000/s: ${paced.p99} ms (target <= 20 ms; bare Express at the same rate: ${barePaced.p99} ms); jobs waiting in Redis after the runs: ${queued}`,
    );

    const table = rows
      .map(([name, f]) => `| ${name} | ${Math.round(f.requestsPerSecond)} | ${f.p50} | ${f.p99} | ${f.non2xx} |`)
      .join('\n');
    return {
      markdown: `## Ingress

Load: autocannon in the bench process, ingress and the bare app as child processes, loopback only;
${DURATION_S} s per run, ${CONNECTIONS} connections (20 for the paced run); every request a new event id (so
every one is enqueued); ingress ${appRuntime('ingress')}; Redis ${redisServer ? 'started by the bench (AOF on)' : 'from REDIS_URL'}.

| run | req/s | p50 ms | p99 ms | non-2xx |
|---|---|---|---|---|
${table}

Ingress / baseline throughput: **${(ratio * 100).toFixed(0)}%** (target ≥ 70%). p99 at 1,000 webhooks/s:
**${paced.p99} ms** (target ≤ 20 ms); bare Express paced the same way, just before: ${barePaced.p99} ms. The paced
runs are bursts: autocannon's overallRate lets each of the 20 connections send its share of every
second back to back, so the p99 is that of 20 concurrent requests, load generator and machine included
(the bare row shows their part).
`,
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await redisServer?.stop();
  }
}

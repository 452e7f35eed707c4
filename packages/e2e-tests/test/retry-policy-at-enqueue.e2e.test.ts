import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadWebhookBody } from '@carrot-bridge/fixtures';
import { CHAT_IMPORT, chatImportJobId, createRedisConnection, redisReady } from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { generateWebhookKey, hashSecret } from '@carrot-bridge/secrets';
import { requireEnv, startApp, type AppProcess } from '@carrot-bridge/test-support';
import { Queue } from 'bullmq';

// Issue #14: a job's attempts are fixed when it is enqueued, so RETRY_ATTEMPTS must reach every
// process that enqueues. A real ingress process with RETRY_ATTEMPTS=3 queues a webhook: the job in Redis
// says 3 attempts, not the default 25.
describe('the retry policy of an import job enqueued by the ingress (real process)', function () {
  this.timeout(60_000);
  const prefix = `rp-${randomUUID().slice(0, 8)}`;
  const secretsKey = randomBytes(32).toString('base64');
  const redis = createRedisConnection(requireEnv('REDIS_URL'), 'producer');
  const queue = new Queue(CHAT_IMPORT.queue, { connection: redis, prefix });
  let ingress: AppProcess;

  before(async () => {
    await redisReady(redis);
    // Listening, though not ready (/readyz) until the test writes the webhook directory.
    ingress = await startApp(
      'ingress',
      {
        REDIS_URL: requireEnv('REDIS_URL'),
        SECRETS_KEY: secretsKey,
        QUEUE_PREFIX: prefix,
        RETRY_ATTEMPTS: '3',
        RETRY_BASE_DELAY_MS: '1234',
      },
      { ready: /ingress listening/ },
    );
  });
  after(async () => {
    await ingress?.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    for (const key of await redis.keys(`${prefix}:*`)) await redis.del(key);
    redis.disconnect();
  });

  it('gives the job RETRY_ATTEMPTS attempts and RETRY_BASE_DELAY_MS backoff', async () => {
    const directory = new WebhookDirectory(redis, prefix, WebhookDirectoryDigests.fromSecretsKey(secretsKey));
    const key = generateWebhookKey();
    const integrationId = randomUUID();
    await directory.replaceAll(
      new Map([[hashSecret(key), { integrationId, accountId: randomUUID(), active: true, tokenHash: null }]]),
    );
    const answer = await fetch(`${ingress.url}/webhooks/carrotquest/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: loadWebhookBody(),
    });
    expect(((await answer.json()) as { status: string }).status).to.equal('queued');
    const job = await queue.getJob(chatImportJobId({ integrationId, eventId: '9182736450' }));
    expect(job?.opts.attempts).to.equal(3);
    expect(job?.opts.backoff).to.deep.include({ delay: 1234 });
  });
});

// `pnpm cq <command> --integration <id> [--conversation <id>]`: operator commands.
//   status          the integration's status (as on the page): the account's cabinet and its last catalog sync,
//                   questions (chats) and conversations started, today's imports, job lines (import, export, what blocks it),
//                   then JSON
//   replay-failed   put the integration's failed jobs back in the queue
//   reimport        queue one conversation again (--conversation)
//   rotate-key      new webhook URL; the old one stops working at once
//   backfill        import past conversations (the worker runs it): --from <date> [--to <date>], ISO (UTC); Ctrl-C stops, rerun resumes
//   deliveries      the last webhook deliveries and our answers; --bodies adds the redacted raw bodies
// `pnpm cq audit --account <id>`: the account's audit log, newest first (audit-cq.ts).
// `pnpm cq integrations --account <id>`: the account's integrations and their ids (integrations-cq.ts).
// `pnpm cq accounts …` and `pnpm cq users …` (accounts and their people) are accounts-cq.ts.
// `pnpm cq erase …` and `pnpm cq erasures …` (personal data on request) are erasure-cq.ts.
import { guardedCarrotQuestAgents } from '@carrot-bridge/carrotquest';
import { loadConfigOrExit, retryPolicyFrom } from '@carrot-bridge/config';
import { DeliveryLog } from '@carrot-bridge/delivery-log';
import { createPrismaClient, pingDatabase } from '@carrot-bridge/db';
import { createLogger } from '@carrot-bridge/logging';
import {
  BackfillScheduler,
  ChatImportProducer,
  createRedisConnection,
  QueueInspector,
  redisReady,
} from '@carrot-bridge/queue';
import { WebhookDirectory, WebhookDirectoryDigests } from '@carrot-bridge/webhook-directory';
import { SecretBox } from '@carrot-bridge/secrets';
import { loadConsoleConfig } from '../config';
import { runAuditCq } from './audit-cq';
import { AuditLog, cliAuditContext } from '../audit/audit-log';
import { IntegrationService } from '../integrations/integration.service';
import { BackfillService } from '../backfill/backfill.service';
import { backfillPeriodLine } from './backfill-period-arguments';
import { ConsoleException } from '../console-exception';
import { backfillProgressLine } from './backfill-progress-line';
import { deliveryLines } from './delivery-lines';
import { cabinetLinesOfIntegration } from './cabinet-lines';
import { statusLines } from './jobs-lines';
import { questionCountsLine } from './question-counts-line';
import { terminalSafe, terminalSafeJson, terminalSafeLines } from './terminal-safe';
import { parseCqArguments, USAGE } from './cq-arguments';
import { cqEnvironment } from './cq-config';
import { isTokensCqCommand } from './tokens-cq-arguments';
import { runTokensCq } from './tokens-cq';
import { runAccountsCq } from './accounts-cq';
import { isAccountsCqCommand } from './accounts-cq-arguments';
import { isErasureCqCommand } from './erasure-cq-arguments';
import { runErasureCq } from './erasure-cq';
import { isIntegrationsCqCommand } from './integrations-cq-arguments';
import { runIntegrationsCq } from './integrations-cq';
import {
  accountOf,
  backfillAndFollow,
  integrationStatus,
  reimportConversation,
  replayFailed,
  rotateWebhookKey,
} from './cq-commands';

if (isAccountsCqCommand(process.argv.slice(2))) process.exit(await runAccountsCq(process.argv.slice(2)));
// `pnpm cq tokens …` needs only PostgreSQL: its own runner (tokens-cq.ts).
if (isTokensCqCommand(process.argv.slice(2))) process.exit(await runTokensCq(process.argv.slice(2)));
// `pnpm cq audit`: the account's audit log, PostgreSQL only (audit-cq.ts).
if (process.argv[2] === 'audit') process.exit(await runAuditCq(process.argv.slice(3)));
if (isErasureCqCommand(process.argv.slice(2))) process.exit(await runErasureCq(process.argv.slice(2)));
if (isIntegrationsCqCommand(process.argv.slice(2))) process.exit(await runIntegrationsCq(process.argv.slice(2)));
const parsed = parseCqArguments(process.argv.slice(2));
if (!parsed.ok) {
  (parsed.exitCode === 0 ? console.log : console.error)(parsed.text);
  process.exit(parsed.exitCode);
}
const { args } = parsed;
const command = args.command;
const environment = cqEnvironment();
const config = loadConfigOrExit('cq', loadConsoleConfig, environment.env);
const db = createPrismaClient({ url: config.DATABASE_URL, poolSize: 2 });
const redis = createRedisConnection(config.REDIS_URL, 'producer');
redis.on('error', () => undefined);
const producer = new ChatImportProducer(redis, { prefix: config.QUEUE_PREFIX, retryPolicy: retryPolicyFrom(config) });
const queues = new QueueInspector(redis, { prefix: config.QUEUE_PREFIX });
const backfillScheduler = new BackfillScheduler(redis, {
  prefix: config.QUEUE_PREFIX,
  retryPolicy: retryPolicyFrom(config),
});
// What cq changes is in the audit log as «operator (CLI, <OS user>)»; a lost event is said on stderr.
const audit = new AuditLog(db, createLogger({ service: 'cq', pretty: true, level: 'warn' }));
const deps = {
  db,
  producer,
  queues,
  audit,
  by: cliAuditContext(),
  integrations: new IntegrationService({
    db,
    audit,
    secretBox: new SecretBox(config.SECRETS_KEY),
    directory: new WebhookDirectory(
      redis,
      config.QUEUE_PREFIX,
      WebhookDirectoryDigests.fromSecretsKey(config.SECRETS_KEY),
    ),
    producer,
    queues,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    carrotQuestBaseUrl: config.CARROTQUEST_API_BASE_URL,
    carrotQuestTimeoutMs: config.CARROTQUEST_TIMEOUT_MS,
    allowApiBaseUrlOverride: config.allowApiBaseUrlOverride,
    ...(config.allowApiBaseUrlOverride ? {} : { carrotQuestAgents: guardedCarrotQuestAgents() }),
  }),
};

let code = 0;
try {
  await redisReady(redis, 5_000).catch((error: Error) => {
    throw new Error(environment.unreachable('Redis', config.REDIS_URL, error));
  });
  await pingDatabase(db).catch((error: Error) => {
    throw new Error(environment.unreachable('PostgreSQL', config.DATABASE_URL, error));
  });
  const id = args.integration;
  switch (command) {
    case 'status': {
      const status = await integrationStatus(deps, id);
      const cabinet = await cabinetLinesOfIntegration(db, id);
      // Failure reasons and cabinet names are outside text: every line is made terminal-safe.
      console.log(
        `${terminalSafeLines([...cabinet, questionCountsLine(status), ...statusLines(status)])}\n\n${terminalSafeJson(status)}`,
      );
      break;
    }
    case 'replay-failed':
      console.log(`replayed ${await replayFailed(deps, id)} failed job(s)`);
      break;
    case 'reimport':
      if (!args.conversation) throw new Error('reimport needs --conversation <id>');
      console.log(terminalSafe(`queued, event id ${await reimportConversation(deps, id, args.conversation)}`));
      break;
    case 'deliveries':
      await accountOf(db, id);
      console.log(
        terminalSafeLines(deliveryLines(await new DeliveryLog(redis, config.QUEUE_PREFIX).read(id), args.bodies)),
      );
      break;
    case 'rotate-key':
      console.log(`new webhook URL: ${await rotateWebhookKey(deps, id)}`);
      break;
    case 'backfill': {
      // Read and checked with the command line (backfill-period-arguments.ts): said before anything starts.
      if (!args.period) throw new Error('backfill needs --from <YYYY-MM-DD>');
      const { from, to } = args.period;
      console.log(backfillPeriodLine(args.period));
      const backfill = new BackfillService({
        db,
        scheduler: backfillScheduler,
        integrations: deps.integrations.keys,
        audit,
      });
      const started = Date.now();
      let firstScanned: number | null = null;
      let stopAsked = false;
      // The worker runs the backfill: leaving (a second Ctrl-C, a closed terminal) only stops following it.
      process.on('SIGINT', () => {
        if (stopAsked) process.exit(130);
        stopAsked = true;
        process.stderr.write(
          '\nstopping the backfill after its current page; run the same command again to resume (Ctrl-C again: leave now)\n',
        );
      });
      const result = await backfillAndFollow(backfill, await accountOf(db, id), id, { from, to }, deps.by, {
        stopAsked: () => stopAsked,
        onProgress: (p) => {
          firstScanned ??= p.scanned;
          process.stderr.write(
            `\r${backfillProgressLine(p, (Date.now() - started) / 1000, p.scanned - firstScanned)}   `,
          );
        },
      });
      process.stderr.write('\n');
      console.log(
        terminalSafe(
          `backfill ${result.status}: ${result.scanned} conversations read, ${result.queued} queued for import${result.error ? ` — ${result.error}` : ''}`,
        ),
      );
      if (result.status === 'failed') code = 1;
      break;
    }
    default:
      console.error(USAGE);
      code = 2;
  }
} catch (error) {
  const fieldErrors = error instanceof ConsoleException ? error.fieldErrors : [];
  const fields = fieldErrors.length ? ` (${fieldErrors.map((e) => `--${e.field}: ${e.message}`).join('; ')})` : '';
  console.error(terminalSafe(`cq: ${(error as Error).message}${fields}`));
  code = 1;
} finally {
  await producer.close().catch(() => undefined);
  await backfillScheduler.close().catch(() => undefined);
  await queues.close().catch(() => undefined);
  redis.disconnect();
  await db.$disconnect();
}
process.exit(code);

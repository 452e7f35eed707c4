// `pnpm cq erase …` / `pnpm cq erasures …` (erasure-cq-arguments.ts). Listing needs only PostgreSQL; an
// erasure also sweeps Redis (the delivery log, every queue) and asks the worker for the compaction.
import { retryPolicyFrom } from '@carrot-bridge/config';
import { accountExists, listErasureActs, type Database } from '@carrot-bridge/db';
import { DeliveryLog } from '@carrot-bridge/delivery-log';
import type { Logger } from '@carrot-bridge/logging';
import { createRedisConnection, PersonalDataScheduler, QueueInspector, redisReady } from '@carrot-bridge/queue';
import { AuditLog, cliAuditContext } from '../audit/audit-log';
import type { ConsoleConfig } from '../config';
import { ConsoleException } from '../console-exception';
import { presentErasureAct, presentErasureActSummary } from '../personal-data/erasure-act-presenter';
import { ErasureService } from '../personal-data/erasure.service';
import { runDatabaseCqCommand } from './database-cq-command';
import { parseErasureCqArguments, type ErasureCqArguments } from './erasure-cq-arguments';
import { erasureActLines, erasureListLines } from './erasure-cq-lines';
import { terminalSafeJson, terminalSafeLines } from './terminal-safe';

type EraseArguments = Extract<ErasureCqArguments, { command: 'erase' }>;

/** Erases with the service the API uses, over this installation's Redis; resolves to what it prints. */
async function erase(db: Database, config: ConsoleConfig, logger: Logger, args: EraseArguments): Promise<string> {
  const redis = createRedisConnection(config.REDIS_URL, 'producer');
  redis.on('error', () => undefined);
  const queues = new QueueInspector(redis, { prefix: config.QUEUE_PREFIX });
  const compaction = new PersonalDataScheduler(redis, {
    prefix: config.QUEUE_PREFIX,
    retryPolicy: retryPolicyFrom(config),
  });
  try {
    await redisReady(redis, 5_000).catch((error: Error) => {
      throw new Error(`Redis at ${new URL(config.REDIS_URL).host} (REDIS_URL) is not reachable: ${error.message}`);
    });
    const erasures = new ErasureService({
      db,
      audit: new AuditLog(db, logger),
      secretsKey: config.SECRETS_KEY,
      deliveries: new DeliveryLog(redis, config.QUEUE_PREFIX),
      queues: queues.boardQueues(),
      compaction,
      logger,
    });
    const act = presentErasureAct(await erasures.erase(args.account, args.request, cliAuditContext()));
    return `${terminalSafeLines(erasureActLines(act))}\n\n${terminalSafeJson(act)}`;
  } finally {
    await compaction.close().catch(() => undefined);
    await queues.close().catch(() => undefined);
    redis.disconnect();
  }
}

/** The whole command: arguments, configuration, the database (and Redis to erase); resolves to the exit code. */
export function runErasureCq(argv: string[]): Promise<number> {
  return runDatabaseCqCommand(parseErasureCqArguments(argv), async ({ db, config, logger }, args) => {
    if (!(await accountExists(db, args.account))) throw ConsoleException.notFound('account');
    if (args.command === 'erase') return erase(db, config, logger, args);
    const page = await listErasureActs(db, args.account, { limit: args.limit });
    return terminalSafeLines(erasureListLines(page.acts.map(presentErasureActSummary)));
  });
}

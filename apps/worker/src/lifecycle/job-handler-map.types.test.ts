import { backfillHandler } from '../backfill/backfill.handler';
import type { BackfillUseCase } from '../backfill/backfill.usecase';
import { catchUpHandler } from '../catch-up/catch-up.handler';
import type { CatchUpUseCase } from '../catch-up/catch-up.usecase';
import type { JobHandlerMap } from './job-workers';

// A type-level test: `pnpm typecheck` compiles it, and a `@ts-expect-error` whose error disappears
// fails the compile. It proves the map checks each handler's payload against its kind in the catalog:
// a kind must not take the handler of another kind whose payload is a wider one (a backfill's carries
// the catch-up's integrationId and a runId). Nothing here runs: mocha only loads the module.
export function handlerMaps(
  backfill: Pick<BackfillUseCase, 'execute' | 'failRun'>,
  catchUp: Pick<CatchUpUseCase, 'execute'>,
) {
  const rightWayRound: Pick<JobHandlerMap, 'catchUp' | 'backfill'> = {
    catchUp: catchUpHandler(catchUp),
    backfill: backfillHandler(backfill),
  };
  const swapped: Pick<JobHandlerMap, 'catchUp'> = {
    // @ts-expect-error a backfill handler reads a runId the catch-up's payload does not carry
    catchUp: backfillHandler(backfill),
  };
  // The other way round compiles, and is sound: a catch-up handler reads only the integrationId, which
  // a backfill's payload carries too. Telling the two apart would take a kind inside each payload.
  return { rightWayRound, swapped };
}

import type { JobHandler } from './job-handler';

/**
 * The work of a repeating tick (the catch-up's, the catalog sync's): one job queued per id the listing
 * returns. The jobs' fixed ids keep a second tick (another worker starting) from doubling them.
 */
export class FanOutUseCase {
  constructor(
    private readonly list: () => Promise<readonly string[]>,
    private readonly enqueue: (id: string) => Promise<unknown>,
  ) {}

  async execute(): Promise<{ queued: number }> {
    const ids = await this.list();
    for (const id of ids) await this.enqueue(id);
    return { queued: ids.length };
  }
}

/** A tick's handler: one attempt (the catalog); a failed tick is logged and the next one fans out again. */
export function fanOutTickHandler(
  tick: { label: string; failureCode: string },
  useCase: Pick<FanOutUseCase, 'execute'>,
): JobHandler<Record<string, never>, { queued: number }> {
  return {
    label: tick.label,
    execute: () => useCase.execute(),
    decide: (error) => ({
      action: 'retry',
      code: tick.failureCode,
      reason: `${tick.label} failed; the next tick tries again: ${error instanceof Error ? error.message : String(error)}`,
    }),
    report: (outcome) => ({
      outcome: 'completed',
      code: 'ok',
      message: `${tick.label} fanned out`,
      fields: { ...outcome },
    }),
  };
}

/**
 * Group commit for Redis round trips: an item submitted while no round trip of this kind is in flight
 * goes at once, alone (no added latency when traffic is light); items submitted while one is in flight
 * wait for it and then go together in the next one. Under load a round trip therefore carries whatever
 * arrived during the previous one, and its cost is shared; each submit resolves (or rejects) with its
 * own item's result, only once its round trip answered.
 */
export class RoundTripBatcher<TItem, TResult> {
  private pending: Array<{ item: TItem; resolve: (result: TResult) => void; reject: (error: Error) => void }> = [];
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();

  /**
   * @param run one round trip for a batch: resolves with one result per item, in order, or rejects
   *   (every item of the batch is then rejected with that error).
   */
  constructor(
    private readonly run: (items: TItem[]) => Promise<TResult[]>,
    private readonly options: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(item: TItem): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.drain();
    });
  }

  /** Resolves once every item submitted so far has its answer (at shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      const done: Promise<void> = (async () => this.run(batch.map((p) => p.item)))()
        .then((results) => {
          if (results.length !== batch.length)
            throw new Error(`a round trip answered ${results.length} results for ${batch.length} items`);
          batch.forEach((p, i) => p.resolve(results[i]!));
        })
        .catch((error: unknown) =>
          batch.forEach((p) => p.reject(error instanceof Error ? error : new Error(String(error)))),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.running.delete(done);
          this.drain();
        });
      this.running.add(done);
    }
  }
}

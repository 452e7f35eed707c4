/**
 * Group commit: at most `maxInFlight` batches are being written at once; a batch that is ready while
 * they are busy waits, and keeps taking the writes that arrive meanwhile. Idle, a write goes out at
 * the next turn of the event loop (no added delay); under load, batches grow by themselves to what
 * the database absorbs in one round trip. A DataLoader's `batchScheduleFn` plus a wrapper of its batch
 * function.
 */
export class GroupCommit {
  /** Batches being written, and batches let go but not yet started (they start at the next turn). */
  private inFlight = 0;
  private starting = 0;
  private readonly ready: Array<() => void> = [];

  constructor(private readonly maxInFlight: number) {}

  /** DataLoader's batchScheduleFn: when to dispatch the batch being filled. */
  readonly schedule = (dispatch: () => void): void => {
    if (this.inFlight + this.starting < this.maxInFlight) this.start(dispatch);
    else this.ready.push(dispatch);
  };

  private start(dispatch: () => void): void {
    this.starting += 1;
    setImmediate(() => {
      this.starting -= 1;
      dispatch();
    });
  }

  /** Runs one batch's write, counting it as in flight; its end lets the next ready batch go. */
  async run<T>(write: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await write();
    } finally {
      this.inFlight -= 1;
      const next = this.ready.shift();
      if (next) this.start(next);
    }
  }
}

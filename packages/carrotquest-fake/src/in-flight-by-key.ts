/**
 * Requests being answered at once, per API key, and the most seen so far: what a test needs to check a
 * client's concurrency towards one CarrotQuest app. The docs publish no concurrency limit
 * (https://developers.carrotquest.io/webapi/ mentions none; docs/carrotquest-api.md, "unconfirmed"), so
 * the fake only counts; it never refuses for it.
 */
export class InFlightByKey {
  private readonly now = new Map<string, number>();
  private readonly most = new Map<string, number>();

  /** Counts a request of `key` from now until `done` is called (once). */
  begin(key: string): () => void {
    const current = (this.now.get(key) ?? 0) + 1;
    this.now.set(key, current);
    if (current > (this.most.get(key) ?? 0)) this.most.set(key, current);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.now.set(key, (this.now.get(key) ?? 1) - 1);
    };
  }

  current(key: string): number {
    return this.now.get(key) ?? 0;
  }

  max(key: string): number {
    return this.most.get(key) ?? 0;
  }

  reset(key: string): void {
    this.most.set(key, this.now.get(key) ?? 0);
  }
}

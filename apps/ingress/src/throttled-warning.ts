/**
 * One warning per interval with the count since the last one, for events that can arrive by the
 * thousand (a flood of wrong webhook keys): each still counts in metrics, but the log stays readable
 * and writing it cannot become the flood's amplifier.
 */
export class ThrottledWarning {
  private count = 0;
  private lastLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly warn: (count: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one occurrence; logs when the interval since the last warning has passed. */
  note(): void {
    this.count += 1;
    const now = this.now();
    if (now - this.lastLoggedAt < this.intervalMs) return;
    this.warn(this.count);
    this.count = 0;
    this.lastLoggedAt = now;
  }
}

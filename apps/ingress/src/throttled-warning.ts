/** Distinct keys counted apart in one warning; past them, occurrences are only in the total. */
const MAX_KEYS_PER_WARNING = 100;

/**
 * One warning per interval with the count since the last one, for events that can arrive by the
 * thousand (a flood of wrong webhook keys or tokens): each still counts in metrics, but the log stays
 * readable and writing it cannot become the flood's amplifier. What is held back is written once the
 * interval ends, so the last warning of a flood says how big it was.
 */
export class ThrottledWarning {
  private count = 0;
  private byKey = new Map<string, number>();
  private lastLoggedAt = Number.NEGATIVE_INFINITY;
  private pending: { cancel(): void } | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly warn: (count: number, byKey: Record<string, number>) => void,
    private readonly now: () => number = Date.now,
    private readonly later: (run: () => void, ms: number) => { cancel(): void } = unrefTimeout,
  ) {}

  /** Records one occurrence (of `key`, counted apart in the warning); logs when the interval since the last warning has passed. */
  note(key?: string): void {
    this.count += 1;
    if (key !== undefined && (this.byKey.has(key) || this.byKey.size < MAX_KEYS_PER_WARNING))
      this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
    const sinceLast = this.now() - this.lastLoggedAt;
    if (sinceLast >= this.intervalMs) this.flush();
    else this.pending ??= this.later(() => this.flush(), this.intervalMs - sinceLast);
  }

  private flush(): void {
    this.pending?.cancel();
    this.pending = null;
    if (this.count === 0) return;
    this.warn(this.count, Object.fromEntries(this.byKey));
    this.count = 0;
    this.byKey = new Map();
    this.lastLoggedAt = this.now();
  }
}

function unrefTimeout(run: () => void, ms: number): { cancel(): void } {
  const timer = setTimeout(run, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}

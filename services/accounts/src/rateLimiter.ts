// An in-memory sliding-window counter: at most `limit` hits per key within `windowMs`. Per
// process; with several API nodes each node counts on its own (a shared store would ride Redis or
// PostgreSQL; the per-node bound is still a bound).
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateCheck {
  allowed: boolean;
  /** When refused: milliseconds until the oldest hit leaves the window. */
  retryAfterMs: number;
}

const MAX_KEYS = 100_000;

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  check(key: string): RateCheck {
    const recent = this.recent(key);
    if (recent.length < this.rule.limit) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(1, recent[0]! + this.rule.windowMs - this.now()) };
  }

  record(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.hits.set(key, recent);
    if (this.hits.size > MAX_KEYS) this.prune();
  }

  clear(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    const since = this.now() - this.rule.windowMs;
    for (const [key, times] of this.hits) if (!times.some((t) => t > since)) this.hits.delete(key);
  }
}

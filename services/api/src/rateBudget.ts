// A budget of requests per client in fixed windows (`limit` per `windowMs`), the one port every
// edge that spends a client's budget uses: the HTTP API (as express-rate-limit's store, so its
// answers and headers stay what they were) and the signaling node (socket messages that write).
// One instance shared by both means one budget: a client can no longer write five times its HTTP
// limit over a socket (issue 19, item 9: 20 writes/s over HTTP, ~100/s over one socket).
//
// In memory, per process. With several API nodes each node counts on its own, so an account
// spread over n nodes gets up to n budgets (sockets stick to one node; HTTP requests are spread by
// the proxy). A shared counter (Redis, PostgreSQL) would make it exact; the per-node bound is
// still a bound.
export interface BudgetUse {
  /** Hits in the key's current window, this one included. */
  hits: number;
  /** When the key's window ends (ms since the epoch). */
  resetAt: number;
}

export type BudgetVerdict = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateBudget {
  readonly limit: number;
  readonly windowMs: number;
  /** Counts one hit for `key`. */
  hit(key: string): BudgetUse;
  /** Takes one hit back (a request the HTTP limiter decided not to count after all). */
  undo(key: string): void;
  reset(key: string): void;
  /** Counts one hit and says whether it is within the budget. */
  take(key: string): BudgetVerdict;
}

export interface RateBudgetOptions {
  limit: number;
  windowMs: number;
  now?: () => number;
}

/** Windows past their end are swept once this many keys are held. */
const SWEEP_AT = 10_000;

export class InMemoryRateBudget implements RateBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, BudgetUse>();

  constructor({ limit, windowMs, now = Date.now }: RateBudgetOptions) {
    if (!(limit > 0) || !(windowMs > 0)) throw new Error('a rate budget needs a positive limit and window');
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  hit(key: string): BudgetUse {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (!window && this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { hits: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return { ...window };
  }

  undo(key: string): void {
    const window = this.windows.get(key);
    if (window && window.hits > 0) window.hits--;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  take(key: string): BudgetVerdict {
    const use = this.hit(key);
    return use.hits <= this.limit ? { ok: true } : { ok: false, retryAfterMs: Math.max(1, use.resetAt - this.now()) };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/** The key of an account's budget, the same on every edge. */
export const accountBudgetKey = (accountId: string): string => `account:${accountId}`;

// How failed sign-ins are slowed down, without letting anyone lock an account's owner out.
//
// A lockout per username (5 failures, 15 minutes) let anyone who knew a username keep its owner
// out (issue 19, item 10). The approach here is the one OWASP's authentication guidance describes:
// - a hard limit per (username, address): the address guessing is refused for that username, the
//   owner signing in from elsewhere is not;
// - a hard limit per address, across usernames (one address spraying many accounts);
// - per username across every address, only a backoff: past a number of failures, the next
//   attempt waits a delay that doubles with each failure up to a short cap. A distributed guesser
//   gets about one try per cap per username; the owner waits at most the cap, never 15 minutes.
// Per process, in memory; with several API nodes each counts on its own (still a bound per node).
import { type RateCheck, type RateLimit, SlidingWindowLimiter } from './rateLimiter.ts';

export interface Backoff {
  /** Failures within the window that cost nothing. */
  free: number;
  windowMs: number;
  /** The wait after the first failure over `free`; doubles with each further one. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
}

export interface SignInLimits {
  /** Failures per (username, address), then refused (default 5 per 15 min). */
  perAccountAddress: RateLimit;
  /** Failures per address across usernames, then refused (default 20 per 15 min). */
  perAddress: RateLimit;
  /** Failures per username across addresses: a backoff (default 10 free per 15 min, then 1 s doubling to 30 s). */
  perAccount: Backoff;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAccountAddress: { limit: 5, windowMs: 15 * 60_000 },
  perAddress: { limit: 20, windowMs: 15 * 60_000 },
  perAccount: { free: 10, windowMs: 15 * 60_000, baseMs: 1_000, maxMs: 30_000 },
};

const ALLOWED: RateCheck = { allowed: true, retryAfterMs: 0 };
const MAX_KEYS = 100_000;

/** Failures per key in a sliding window; past `free`, an attempt must wait its backoff after the last failure. */
class BackoffLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: Backoff,
    private readonly now: () => number,
  ) {}

  check(key: string): RateCheck {
    const recent = this.recent(key);
    const over = recent.length - this.rule.free - 1;
    if (over < 0) return ALLOWED;
    const wait = Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** over);
    const left = recent[recent.length - 1]! + wait - this.now();
    return left > 0 ? { allowed: false, retryAfterMs: left } : ALLOWED;
  }

  record(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > MAX_KEYS) {
      for (const k of this.failures.keys()) if (this.recent(k).length === 0) this.failures.delete(k);
    }
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}

export class SignInThrottle {
  private readonly pair: SlidingWindowLimiter;
  private readonly address: SlidingWindowLimiter;
  private readonly account: BackoffLimiter;

  constructor(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS, now: () => number = Date.now) {
    this.pair = new SlidingWindowLimiter(limits.perAccountAddress, now);
    this.address = new SlidingWindowLimiter(limits.perAddress, now);
    this.account = new BackoffLimiter(limits.perAccount, now);
  }

  /** May this address try this username now? Asked before any password is checked. */
  check(usernameKey: string, address: string): RateCheck {
    for (const check of [this.pair.check(pairKey(usernameKey, address)), this.address.check(address), this.account.check(usernameKey)]) {
      if (!check.allowed) return check;
    }
    return ALLOWED;
  }

  failed(usernameKey: string, address: string): void {
    this.pair.record(pairKey(usernameKey, address));
    this.address.record(address);
    this.account.record(usernameKey);
  }

  /** The owner is in: their address and the username start afresh (the address's count stays). */
  succeeded(usernameKey: string, address: string): void {
    this.pair.clear(pairKey(usernameKey, address));
    this.account.clear(usernameKey);
  }
}

const pairKey = (usernameKey: string, address: string) => `${address} ${usernameKey}`;

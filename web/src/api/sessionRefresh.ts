// When and how the access token is renewed, in one place, so that nothing can make it storm:
// - on a timer at 50–75 % of the token's lifetime (the jitter keeps a room of tabs that signed
//   in together from refreshing together), counted from when this tab got the token, so a
//   browser clock that is off does not shorten it (a minute-before-expiry rule refreshed in a
//   loop once the lifetime was a minute or less: 125 refreshes in 5 s);
// - single flight: every request that got a 401 waits on the one refresh in progress;
// - at most one refresh per MIN_REFRESH_GAP_MS: a 401 on a token this tab just got waits for the
//   window to pass instead of refreshing again at once;
// - a 429 is kept until its Retry-After: nothing is sent meanwhile, and the person is told;
// - a pair another tab of the session got first is taken instead of refreshing again.
// A refused refresh (401, or 400 for a refresh token the server cannot read) ends the session.
// Plain TypeScript over injected calls (the session store wires it), so the schedule is tested
// with fake timers.
import { type BackoffPolicy, backoffDelay } from './backoff.ts';
import { ApiRequestError, asApiError } from './errors.ts';

/** The fraction of a token's lifetime after which it is renewed, drawn per token. */
export const REFRESH_AT = { min: 0.5, max: 0.75 } as const;
/** At most one refresh per this many ms, however many requests ask. */
export const MIN_REFRESH_GAP_MS = 5_000;
/** A refresh that failed for another reason (the server is down) is tried again on this schedule. */
export const REFRESH_RETRY_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000, jitter: 0.5 };
/** A 429 without a Retry-After header is waited out this long. */
export const DEFAULT_RETRY_AFTER_S = 10;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TokenPair {
  token: string;
  refreshToken?: string;
}

export type RefreshOutcome =
  | { kind: 'refreshed' }
  | { kind: 'ended' }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'failed'; error: ApiRequestError };

export interface SessionRefreshDeps<R> {
  /** The session's tokens now (null: signed out). */
  current(): TokenPair | null;
  /** Trades a refresh token for a new pair (POST /api/session/refresh). */
  exchange(refreshToken: string): Promise<R>;
  /** Keeps the new pair. */
  apply(renewed: R): void;
  /**
   * Another tab of this session renewed it already (tabs share the stored pair): take that pair
   * and say true, instead of spending this tab's refresh token, which the server now treats as
   * stolen (a refresh token used after it was exchanged ends the whole session).
   */
  adoptNewer?(): boolean;
  /** The server refused the refresh: the session is over. */
  ended(): void;
  /** The server rate-limited the refresh; the next try is in `retryAfterSeconds`. */
  limited(retryAfterSeconds: number): void;
  now?: () => number;
  random?: () => number;
}

/** The `iat` and `exp` claims of a JWT, read without verifying it (the server does that). */
export function tokenTimes(token: string): { iat: number | null; exp: number } | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown; iat?: unknown };
    if (typeof payload.exp !== 'number') return null;
    return { exp: payload.exp, iat: typeof payload.iat === 'number' ? payload.iat : null };
  } catch {
    return null;
  }
}

/** What a request that got a 401 is told when no new token can be had. */
export const sessionEndedError = (): ApiRequestError =>
  new ApiRequestError(401, { code: 'SESSION_ENDED', message: 'Your session ended, please sign in again.' });
export const refreshLimitedError = (retryAfterSeconds: number): ApiRequestError =>
  new ApiRequestError(429, { code: 'REFRESH_RATE_LIMITED', message: `Too many session renewals: trying again in ${retryAfterSeconds} s` }, retryAfterSeconds);

export class SessionRefresh<R> {
  private inFlight: Promise<RefreshOutcome> | null = null;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private limitedUntil = 0;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last token this tab was given, and when (its age counts from here, not from `iat`). */
  private received: { token: string; at: number } | null = null;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: SessionRefreshDeps<R>) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  /** Arms the timer for the current token; `fresh`: it was issued just now (sign-in, refresh). */
  schedule({ fresh }: { fresh: boolean }): void {
    this.cancel();
    const current = this.deps.current();
    if (!current?.refreshToken) return;
    if (fresh) this.received = { token: current.token, at: this.now() };
    const times = tokenTimes(current.token);
    if (!times) return;
    const share = REFRESH_AT.min + (REFRESH_AT.max - REFRESH_AT.min) * this.random();
    const lifetimeMs = times.iat !== null ? (times.exp - times.iat) * 1000 : null;
    let delay: number;
    if (lifetimeMs !== null && this.received?.token === current.token) delay = this.received.at + share * lifetimeMs - this.now();
    else if (lifetimeMs !== null) delay = times.exp * 1000 - (1 - share) * lifetimeMs - this.now();
    else delay = share * (times.exp * 1000 - this.now());
    this.arm(delay);
  }

  /** Stops the timer (sign-out). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One refresh, shared by every caller until it settles. */
  refresh(): Promise<RefreshOutcome> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /**
   * A request sent with `usedToken` got 401. Resolves true once a newer token is in place (send
   * the request again), false when there is no session; rejects with the error to show.
   */
  async recover(usedToken: string): Promise<boolean> {
    const current = this.deps.current();
    if (!current) return false;
    // Renewed since that request left: it only needs sending again.
    if (current.token !== usedToken) return true;
    const outcome = await this.refresh();
    switch (outcome.kind) {
      case 'refreshed':
        return true;
      case 'ended':
        throw sessionEndedError();
      case 'limited':
        throw refreshLimitedError(outcome.retryAfterSeconds);
      case 'failed':
        throw outcome.error;
    }
  }

  private arm(delayMs: number): void {
    this.cancel();
    const now = this.now();
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, delayMs, this.lastAttemptAt + MIN_REFRESH_GAP_MS - now, this.limitedUntil - now));
    this.timer = setTimeout(() => void this.refresh(), wait);
  }

  private async run(): Promise<RefreshOutcome> {
    const limitedFor = this.limitedUntil - this.now();
    if (limitedFor > 0) return { kind: 'limited', retryAfterSeconds: Math.ceil(limitedFor / 1000) };
    const wait = this.lastAttemptAt + MIN_REFRESH_GAP_MS - this.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const current = this.deps.current();
    if (!current) return { kind: 'ended' };
    if (!current.refreshToken) {
      this.deps.ended();
      return { kind: 'ended' };
    }
    if (this.deps.adoptNewer?.()) {
      this.schedule({ fresh: false });
      return { kind: 'refreshed' };
    }
    this.cancel();
    this.lastAttemptAt = this.now();
    let renewed: R;
    try {
      renewed = await this.deps.exchange(current.refreshToken);
    } catch (e) {
      return this.refused(asApiError(e));
    }
    // Signed out (or in as someone else) meanwhile: this answer belongs to no one now.
    if (this.deps.current()?.refreshToken !== current.refreshToken) return { kind: 'ended' };
    this.failures = 0;
    this.deps.apply(renewed);
    this.schedule({ fresh: true });
    return { kind: 'refreshed' };
  }

  private refused(error: ApiRequestError): RefreshOutcome {
    if (error.status === 401 || error.status === 400) {
      this.cancel();
      this.deps.ended();
      return { kind: 'ended' };
    }
    if (error.status === 429) {
      const seconds = error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S;
      this.limitedUntil = this.now() + seconds * 1000;
      this.deps.limited(seconds);
      // After the wait, plus up to a second so that tabs told the same time do not come back together.
      this.arm(seconds * 1000 + this.random() * 1000);
      return { kind: 'limited', retryAfterSeconds: seconds };
    }
    this.arm(backoffDelay(this.failures++, REFRESH_RETRY_BACKOFF, this.random));
    return { kind: 'failed', error };
  }
}

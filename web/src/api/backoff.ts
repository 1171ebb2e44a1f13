// Exponential backoff with jitter, for anything that retries against the server (the socket's
// reconnect, a failed token refresh): after a restart every open tab retries at once, and the
// jitter spreads them out instead of having them all knock again in the same instant.

export interface BackoffPolicy {
  /** The first delay. */
  baseMs: number;
  /** No delay grows past this. */
  maxMs: number;
  /** 0..1: each delay is drawn from [(1 - jitter) × d, d]. */
  jitter: number;
}

/** The socket's reconnect: 0.5 s, 1 s, 2 s, 4 s, then every 5 s, each up to half shorter. */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 5_000, jitter: 0.5 };

/** The delay before retry number `attempt` (0 for the first). */
export function backoffDelay(attempt: number, { baseMs, maxMs, jitter }: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling * (1 - jitter * random()));
}

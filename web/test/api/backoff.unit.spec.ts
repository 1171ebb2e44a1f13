import { describe, expect, it } from 'vitest';
import { RECONNECT_BACKOFF, backoffDelay } from '../../src/api/backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from 0.5 s and stops growing at 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, RECONNECT_BACKOFF, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('keeps its jitter at the cap, so tabs that lost the server together do not come back in step', () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.999].map((r) => backoffDelay(20, RECONNECT_BACKOFF, () => r));
    expect(new Set(delays).size).toBe(5);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(2_500);
    for (const d of delays) expect(d).toBeLessThanOrEqual(5_000);
  });
});

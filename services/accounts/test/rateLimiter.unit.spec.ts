import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../src/rateLimiter.ts';

describe('SlidingWindowLimiter', () => {
  const setup = () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 1000 }, () => now);
    return { limiter, at: (t: number) => (now = t) };
  };

  it('refuses the hit over the limit with the time until the oldest leaves the window', () => {
    const { limiter, at } = setup();
    limiter.record('k');
    at(300);
    limiter.record('k');
    at(400);
    expect(limiter.check('k')).toEqual({ allowed: false, retryAfterMs: 600 });
  });

  it('allows again once the oldest hit slid out', () => {
    const { limiter, at } = setup();
    limiter.record('k');
    limiter.record('k');
    at(1001);
    expect(limiter.check('k').allowed).toBe(true);
  });

  it('counts keys apart and forgets a cleared one', () => {
    const { limiter } = setup();
    limiter.record('a');
    limiter.record('a');
    expect(limiter.check('b').allowed).toBe(true);
    limiter.clear('a');
    expect(limiter.check('a').allowed).toBe(true);
  });
});

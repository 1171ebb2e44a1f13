// The per-socket budget on a pinned clock: bursts up to one second's budget, refill over time,
// "far over" only after many refusals within one second.
import { describe, expect, it } from 'vitest';
import { SocketRateLimiter } from '../src/rateLimit.ts';

const limiter = (messagesPerSecond: number, bytesPerSecond: number, factor = 3) => {
  let now = 0;
  const l = new SocketRateLimiter({ messagesPerSecond, bytesPerSecond }, factor, () => now);
  return { l, advance: (ms: number) => (now += ms) };
};

describe('SocketRateLimiter', () => {
  it('admits a burst of one second’s messages, then refuses', () => {
    const { l } = limiter(5, 1_000_000);
    const verdicts = Array.from({ length: 7 }, () => l.take(10));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'limited', 'limited']);
  });

  it('refills the budget as time passes', () => {
    const { l, advance } = limiter(5, 1_000_000);
    for (let i = 0; i < 5; i++) l.take(10);
    expect(l.take(10)).toBe('limited');
    advance(200);
    expect(l.take(10)).toBe('ok');
  });

  it('counts bytes as well as messages', () => {
    const { l } = limiter(100, 1_000);
    expect(l.take(800)).toBe('ok');
    expect(l.take(300)).toBe('limited');
    expect(l.take(200)).toBe('ok');
  });

  it('calls a socket abusive once its refusals in one second exceed the factor times the budget', () => {
    const { l } = limiter(2, 1_000_000, 3);
    l.take(1);
    l.take(1);
    const refusals = Array.from({ length: 7 }, () => l.take(1));
    expect(refusals.slice(0, 6).every((v) => v === 'limited')).toBe(true);
    expect(refusals[6]).toBe('abusive');
  });
});

// The per-client budget every edge spends from: fixed windows per key, shared by whoever holds it.
import { describe, expect, it } from 'vitest';
import { InMemoryRateBudget } from '../../src/rateBudget.ts';

const setup = (limit = 3, windowMs = 1_000) => {
  let now = 10_000;
  const budget = new InMemoryRateBudget({ limit, windowMs, now: () => now });
  return { budget, later: (ms: number) => (now += ms) };
};

describe('InMemoryRateBudget', () => {
  it('given a key at its limit, when it takes one more, then it is refused until its window ends', () => {
    const { budget, later } = setup();
    for (let i = 0; i < 3; i++) expect(budget.take('a')).toEqual({ ok: true });
    later(400);
    expect(budget.take('a')).toEqual({ ok: false, retryAfterMs: 600 });
    later(600);
    expect(budget.take('a')).toEqual({ ok: true });
  });

  it('given two edges spending one key, then they share its budget', () => {
    const { budget } = setup(4);
    const http = (key: string) => budget.hit(key).hits <= budget.limit;
    const socket = (key: string) => budget.take(key).ok;
    expect([http('account:a'), socket('account:a'), http('account:a'), socket('account:a'), socket('account:a'), http('account:a')]).toEqual([true, true, true, true, false, false]);
    expect(socket('account:b')).toBe(true);
  });

  it('takes a hit back on undo and forgets a reset key', () => {
    const { budget } = setup(1);
    budget.take('a');
    budget.undo('a');
    expect(budget.take('a').ok).toBe(true);
    budget.reset('a');
    expect(budget.hit('a')).toEqual({ hits: 1, resetAt: 11_000 });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateCache, debounce } from '../../src/replay/stateCache.ts';

afterEach(() => vi.useRealTimers());

describe('state cache', () => {
  it('loads a position once however many ask at the same time', async () => {
    const load = vi.fn(async (k: string) => `state@${k}`);
    const cache = new StateCache(load);
    const [a, b] = await Promise.all([cache.get('7'), cache.get('7')]);
    expect([a, b]).toEqual(['state@7', 'state@7']);
    expect(await cache.get('7')).toBe('state@7');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('peeks only at what has arrived', async () => {
    let resolve!: (v: string) => void;
    const cache = new StateCache(() => new Promise<string>((r) => (resolve = r)));
    const p = cache.get('1');
    expect(cache.peek('1')).toBeUndefined();
    resolve('one');
    await p;
    expect(cache.peek('1')).toBe('one');
  });

  it('evicts the least recently used beyond its capacity', async () => {
    const load = vi.fn(async (k: string) => k);
    const cache = new StateCache(load, 2);
    await cache.get('a');
    await cache.get('b');
    cache.peek('a'); // a is now the most recent
    await cache.get('c');
    expect(cache.size).toBe(2);
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')).toBe('a');
  });

  it('does not keep a failure: the next ask loads again', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce('ok');
    const cache = new StateCache<string>(load);
    await expect(cache.get('1')).rejects.toThrow('down');
    expect(await cache.get('1')).toBe('ok');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('debounce', () => {
  it('calls once with the last arguments after calls stop', () => {
    vi.useFakeTimers();
    const f = vi.fn();
    const d = debounce(f, 80);
    d(1);
    vi.advanceTimersByTime(50);
    d(2);
    vi.advanceTimersByTime(79);
    expect(f).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(f).toHaveBeenCalledExactlyOnceWith(2);
  });

  it('calls nothing once cancelled', () => {
    vi.useFakeTimers();
    const f = vi.fn();
    const d = debounce(f, 80);
    d(1);
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(f).not.toHaveBeenCalled();
  });
});

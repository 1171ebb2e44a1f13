import { describe, expect, it } from 'vitest';
import { emptyStream } from '../../src/commandHandling/foldedStream.ts';
import { StreamCache } from '../../src/commandHandling/streamCache.ts';

const at = (debateId: string, version: number) => ({ ...emptyStream(debateId), version });

describe('StreamCache', () => {
  it('evicts the least recently used debate', () => {
    const cache = new StreamCache(2);
    cache.put(at('a', 0));
    cache.put(at('b', 0));
    cache.get('a');
    cache.put(at('c', 0));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.version).toBe(0);
    expect(cache.size).toBe(2);
  });

  it('never replaces a newer snapshot with an older one', () => {
    const cache = new StreamCache(2);
    cache.put(at('a', 5));
    cache.put(at('a', 3));
    expect(cache.get('a')?.version).toBe(5);
  });

  it('marks a cached debate stale when another node wrote past it, until a newer fold is put', () => {
    const cache = new StreamCache(2);
    cache.put(at('a', 3));
    cache.noteVersion('a', 3);
    expect(cache.isStale(cache.get('a')!)).toBe(false);
    cache.noteVersion('a', 5);
    expect(cache.isStale(cache.get('a')!)).toBe(true);
    cache.put(at('a', 5));
    expect(cache.isStale(cache.get('a')!)).toBe(false);
    cache.noteVersion('zz', 9); // not cached: nothing to track
    expect(cache.isStale(at('zz', 0))).toBe(false);
  });
});

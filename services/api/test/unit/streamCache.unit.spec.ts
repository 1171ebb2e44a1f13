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
});

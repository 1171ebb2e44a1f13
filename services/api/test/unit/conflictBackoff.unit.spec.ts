// The pause before deciding again after a lost race: full jitter under a doubling, capped ceiling.
import { describe, expect, it } from 'vitest';
import { conflictBackoffMs } from '../../src/commandHandling/commandHandler.ts';

describe('conflictBackoffMs', () => {
  it('doubles its ceiling per lost race up to 250 ms', () => {
    const ceilings = Array.from({ length: 9 }, (_, i) => conflictBackoffMs(i + 1, () => 1));
    expect(ceilings).toEqual([4, 8, 16, 32, 64, 128, 250, 250, 250]);
  });

  it('draws uniformly below the ceiling (full jitter), never negative', () => {
    expect(conflictBackoffMs(3, () => 0)).toBe(0);
    expect(conflictBackoffMs(3, () => 0.5)).toBe(8);
  });
});

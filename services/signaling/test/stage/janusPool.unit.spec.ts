// Where a debate's stage room goes when there are several Janus instances.
import { describe, expect, it } from 'vitest';
import { placeDebate } from '../../src/stage/janusPool.ts';

const debates = Array.from({ length: 3_000 }, (_, i) => `debate-${i}`);
const urls = ['ws://janus-a:8188', 'ws://janus-b:8188', 'ws://janus-c:8188'];

describe('placeDebate', () => {
  it('places a debate on the same instance whatever the order the URLs are listed in', () => {
    const reversed = [...urls].reverse();
    for (const d of debates.slice(0, 200)) expect(reversed[placeDebate(d, reversed)]).toBe(urls[placeDebate(d, urls)]);
  });

  it('spreads debates over the instances roughly evenly', () => {
    const counts = [0, 0, 0];
    for (const d of debates) counts[placeDebate(d, urls)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(debates.length / 3 * 0.85);
  });

  it('moves only the debates the new instance takes when one is added', () => {
    const more = [...urls, 'ws://janus-d:8188'];
    let moved = 0;
    for (const d of debates) {
      const before = urls[placeDebate(d, urls)];
      const after = more[placeDebate(d, more)];
      if (after !== before) {
        moved++;
        expect(after).toBe('ws://janus-d:8188');
      }
    }
    expect(moved / debates.length).toBeGreaterThan(0.2);
    expect(moved / debates.length).toBeLessThan(0.3);
  });
});

import { describe, expect, it } from 'vitest';
import { InMemoryBus } from '../src/index.ts';

describe('InMemoryBus', () => {
  it('delivers in publish order to every subscriber of the topic only', async () => {
    const bus = new InMemoryBus();
    const seen: string[] = [];
    bus.subscribe<number>('a', (m, k) => void seen.push(`1:${k}:${m}`));
    bus.subscribe<number>('a', (m, k) => void seen.push(`2:${k}:${m}`));
    bus.subscribe<number>('b', (m) => void seen.push(`b:${m}`));
    await bus.publish('a', 'x', 1);
    await bus.publish('a', 'y', 2);
    await bus.drain();
    expect(seen).toEqual(['1:x:1', '2:x:1', '1:y:2', '2:y:2']);
  });
  it('keeps delivering when one handler throws, and stops after unsubscribe', async () => {
    const bus = new InMemoryBus();
    const seen: number[] = [];
    const off = bus.subscribe<number>('t', (m) => void seen.push(m));
    bus.subscribe<number>('t', () => {
      throw new Error('boom');
    });
    const errors = console.error;
    console.error = () => {};
    await bus.publish('t', 'k', 1);
    await bus.drain();
    off();
    await bus.publish('t', 'k', 2);
    await bus.drain();
    console.error = errors;
    expect(seen).toEqual([1]);
  });
});

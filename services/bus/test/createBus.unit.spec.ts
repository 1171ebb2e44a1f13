import { describe, expect, it } from 'vitest';
import { createBus, InMemoryBus } from '../src/index.ts';

describe('createBus', () => {
  it('gives the in-process bus for kind memory', async () => {
    const bus = await createBus({ kind: 'memory' });
    expect(bus).toBeInstanceOf(InMemoryBus);
    await bus.close();
  });
});

// The contract suite against the in-memory store: the same behaviour as PostgreSQL, no server.
import { describe, expect, it } from 'vitest';
import { MemoryEventStore, createEventStore } from '../src/index.ts';
import { eventStoreContract } from './contract/eventStoreContract.ts';
import { commandEvents, uniqueStream } from './contract/fixtures.ts';

eventStoreContract(
  'in memory',
  async () => {
    const store = new MemoryEventStore({ retryDelayMs: 50 });
    return { store, cleanup: () => store.close() };
  },
  // Appends run whole inside one turn of the event loop: concurrent copies never conflict.
  { strictConcurrentDuplicates: true },
);

describe('MemoryEventStore', () => {
  it('is what createEventStore returns for memory:', async () => {
    const store = await createEventStore({ url: 'memory:' });
    expect(store).toBeInstanceOf(MemoryEventStore);
    await store.close();
  });

  it('keeps its events apart from the objects the caller appended and reads', async () => {
    const store = new MemoryEventStore();
    const stream = uniqueStream();
    const events = commandEvents(1);
    await store.append(stream, events, 'no_stream');
    (events[0]!.data as { i: number }).i = 99;
    const [read] = await store.readStream(stream);
    (read!.data as { i: number }).i = 42;
    expect((await store.readStream(stream))[0]!.data).toEqual({ i: 0 });
    await store.close();
  });

  it('stamps occurredAt from its clock when an event brings none', async () => {
    const store = new MemoryEventStore({ now: () => new Date('2026-02-03T04:05:06.007Z') });
    const stream = uniqueStream();
    await store.append(stream, commandEvents(1), 'no_stream');
    expect((await store.readStream(stream))[0]!.occurredAt).toBe('2026-02-03T04:05:06.007Z');
    await store.close();
  });

  it('refuses to be used once closed', async () => {
    const store = new MemoryEventStore();
    await store.close();
    await expect(store.append(uniqueStream(), commandEvents(1), 'any')).rejects.toThrow(/closed/);
  });
});

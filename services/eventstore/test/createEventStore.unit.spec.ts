import { describe, expect, it } from 'vitest';
import { createEventStore, EsdbEventStore } from '../src/index.ts';

describe('createEventStore', () => {
  it.each(['esdb://localhost:2113?tls=false', 'kurrentdb://localhost:2113?tls=false'])('picks EventStoreDB for %s', async (url) => {
    // The client connects lazily, so no server is needed to construct and dispose it.
    const store = await createEventStore({ url });
    expect(store).toBeInstanceOf(EsdbEventStore);
    await store.close();
  });

  it('names the setting when the scheme is unknown', async () => {
    await expect(createEventStore({ url: 'mysql://localhost/db' })).rejects.toThrow(/Unsupported event store URL scheme "mysql"/);
  });
});

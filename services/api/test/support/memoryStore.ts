// The in-memory event store behind the same test interface as database.ts, for tests that are
// not about PostgreSQL: two "nodes" share one store as two processes would share one database.
import { MemoryEventStore } from '@booktalk/eventstore';

export interface MemoryTestStore {
  store: MemoryEventStore;
  /** The store as another node sees it: the same one (each node has its own handler and cache). */
  connectAnother(): Promise<MemoryEventStore>;
  cleanup(): Promise<void>;
}

export function createMemoryTestStore(): MemoryTestStore {
  const store = new MemoryEventStore({ pollIntervalMs: 100, retryDelayMs: 50 });
  return { store, connectAnother: async () => store, cleanup: () => store.close() };
}

// A DebateChangeSource read from the event store itself: a catch-up subscription over all streams.
// Good for tests and a single process; a scaled deployment should use the projector's messages.
import { type DebateState, debateIdFromStream, evolve, initialDebateState, upcastEvent } from '@booktalk/contracts';
import type { EventStore, Subscription } from '@booktalk/eventstore';
import type { DebateChangeSource } from './debateChangeSource.ts';

export interface StoreChangeSource extends DebateChangeSource {
  close(): Promise<void>;
}

export function storeChangeSource(store: EventStore, options: { pageSize?: number } = {}): StoreChangeSource {
  const pageSize = options.pageSize ?? 1_000;
  const listeners = new Set<(debateId: string, eventTypes?: readonly string[]) => void>();
  let subscription: Subscription | undefined;

  const subscribe = () =>
    // From the start: after a restart every debate is looked at once, which is what the timekeeper needs anyway.
    store.subscribeAll(0n, async (events) => {
      const changed = new Map<string, Set<string>>();
      for (const e of events) {
        const debateId = debateIdFromStream(e.streamId);
        if (debateId === null) continue;
        const types = changed.get(debateId);
        if (types) types.add(e.type);
        else changed.set(debateId, new Set([e.type]));
      }
      for (const [debateId, types] of changed) for (const listener of listeners) listener(debateId, [...types]);
    });

  return {
    onDebateChanged(listener) {
      listeners.add(listener);
      subscription ??= subscribe();
      return () => listeners.delete(listener);
    },
    async debatesWithRunningTurn() {
      const states = new Map<string, DebateState>();
      for (let from = 0n; ; ) {
        const page = await store.readAll(from, pageSize);
        for (const e of page.events) {
          const debateId = debateIdFromStream(e.streamId);
          if (debateId === null) continue;
          const state = states.get(debateId) ?? initialDebateState(debateId);
          states.set(debateId, evolve(state, upcastEvent(e.type, e.schemaVersion, e.data)));
        }
        from = page.nextPosition;
        if (page.isEnd) break;
      }
      return [...states].filter(([, s]) => s.status === 'live' && s.currentTurn !== null).map(([id]) => id);
    },
    async close() {
      listeners.clear();
      await subscription?.stop();
      subscription = undefined;
    },
  };
}

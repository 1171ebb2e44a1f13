// The state of a debate as it was at an instant: its events folded up to a position, a time or
// an offset from its start (the timeline's origin: DebateStarted, else the first event). Reads
// the debate's stream — the one read path allowed to touch the store.
import { type DebateEvent, type DebateView, debateStreamId, evolve, initialDebateState, toDebateView, upcastEvent } from '@booktalk/contracts';
import type { EventStore } from '@booktalk/eventstore';
import { eventAt } from '@booktalk/projector';

export type Instant = { position: bigint } | { time: number } | { offsetMs: number };

/** null when the debate has no events. */
export async function stateAt(store: EventStore, debateId: string, instant: Instant): Promise<DebateView | null> {
  const stored = await store.readStream(debateStreamId(debateId));
  if (stored.length === 0) return null;
  const events = stored.map((s) => ({ position: s.position, event: upcastEvent(s.type, s.schemaVersion, s.data) }));
  const times = events.map((e) => Date.parse(eventAt(e.event)));
  const startIndex = events.findIndex((e) => e.event.type === 'DebateStarted');
  const origin = times[startIndex >= 0 ? startIndex : 0]!;
  const included: (i: number) => boolean =
    'position' in instant
      ? (i) => events[i]!.position <= instant.position
      : 'time' in instant
        ? (i) => times[i]! <= instant.time
        : (i) => times[i]! - origin <= instant.offsetMs;
  let state = initialDebateState(debateId);
  let position = 0n;
  // Stream order; stop at the first event past the instant (times never go back within a stream).
  for (let i = 0; i < events.length && included(i); i++) {
    state = evolve(state, events[i]!.event as DebateEvent);
    position = events[i]!.position;
  }
  return toDebateView(state, position);
}

// A fold in progress that adds chat messages in place. `evolve` is pure: a MessagePosted copies
// the debate's whole message record, O(n) per message, so folding a stream of n messages cost
// O(n²) — the top self-time frame (`evolveChat`, 9–13 %) of the app under the HTTP command
// benchmark, and a restarted node folding a debate of thousands of messages paid it in full.
// This fold copies the record once, the first time it adds a message, and then writes into its
// own copy: the same states as `evolve`, event for event (folding.unit.spec.ts), without the copies.
// Only the record it created is ever written, never the initial state's or one another fold
// made; read `state` when done folding, since a state read in between shares that record.
import type { DebateEvent } from '../events/index.ts';
import type { DebateState } from './debateState.ts';
import { evolve } from './evolve.ts';
import { postedMessage } from './fold/chat.ts';

export interface Folding {
  add(event: DebateEvent): void;
  readonly state: DebateState;
}

export function startFolding(initial: DebateState): Folding {
  let state = initial;
  // The message record this fold created (and so may write to); null until the first message.
  let owned: DebateState['messages'] | null = null;
  return {
    add(event) {
      if (event.type !== 'MessagePosted') {
        state = evolve(state, event);
        return;
      }
      if (state.messages !== owned) owned = { ...state.messages };
      owned[event.data.messageId] = postedMessage(state, event.data);
      state = { ...state, eventCount: state.eventCount + 1, messages: owned };
    },
    get state() {
      return state;
    },
  };
}

/** Every event folded onto `state`, in order (the in-place fold above; `state` itself is not written). */
export const foldEvents = (events: Iterable<DebateEvent>, state: DebateState): DebateState => {
  const folding = startFolding(state);
  for (const e of events) folding.add(e);
  return folding.state;
};

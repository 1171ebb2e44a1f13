// The debate's model in one place: how a command is decided against the state, how each event
// folds into it, and the state a new stream starts from. The command handler, the timekeeper,
// the projectors and the tests all work through these three.
import { type DebateCommand, type DebateEvent, type DebateState, evolve, initialDebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { decide } from './decide.ts';

export interface Decider<Command, State, Event, Context, Result> {
  decide(command: Command, state: State, ctx: Context): Result;
  evolve(state: State, event: Event): State;
  /** The state before the stream's first event. */
  initialState(streamKey: string): State;
}

export type DebateDecider = Decider<DebateCommand, DebateState, DebateEvent, DecideContext, Decision>;

export const debateDecider: DebateDecider = { decide, evolve, initialState: initialDebateState };

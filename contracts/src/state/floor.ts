// Floor control as every receiver applies it (the browser's players, the stage node's feeds): who
// is heard now. One rule, shared, so a listener in the mesh and one on the stage hear the same.
import type { DebateStatus } from './debateState.ts';

/** What the rule reads: a DebateState and a DebateView both have it. */
export interface FloorFacts {
  status: DebateStatus;
  /** Absent in a state stored before floor control existed: off. */
  floorControl?: boolean;
  moderators: readonly string[];
  currentTurn: { accountId: string } | null;
}

/**
 * May this account be heard as far as floor control goes? Without floor control, or before the
 * debate is live (an open room: microphone checks, greetings), everyone who may speak is heard.
 * With it, while live, only the floor holder and the moderators are: between turns (nobody holds
 * the floor, the preparation round) the speakers are silent and the moderators still heard, so
 * they can lead. Mutes and roles are decided elsewhere; this only narrows them.
 */
export function heardUnderFloorControl(s: FloorFacts, accountId: string): boolean {
  if (!s.floorControl || s.status !== 'live') return true;
  return s.moderators.includes(accountId) || s.currentTurn?.accountId === accountId;
}

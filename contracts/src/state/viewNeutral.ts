// Events that leave the projected room state as it was (evolve returns it unchanged): link and
// rejoin outcomes and the stage lifecycle feed the voice_quality read model and the timeline,
// not the room. A push of the state after one of them would move only its position and version,
// so the signaling node does not push it (a stage with hundreds of listeners writes one per
// listener). contracts/test/viewNeutral.unit.spec.ts holds the list to evolve.
import type { DebateEvent } from '../events/index.ts';

export const VIEW_NEUTRAL_EVENT_TYPES: ReadonlySet<DebateEvent['type']> = new Set<DebateEvent['type']>([
  'PeerLinkEstablished',
  'PeerLinkFailed',
  'VoiceRejoinAttempted',
  'VoiceRejoinAbandoned',
  'StagePublished',
  'StageUnpublished',
  'StageListenerSubscribed',
  'StageListenerLeft',
  'StageSfuFailed',
]);

/** True when every one of these events leaves the room state unchanged (and there is at least one). */
export const viewNeutral = (eventTypes: readonly string[]): boolean =>
  eventTypes.length > 0 && eventTypes.every((t) => VIEW_NEUTRAL_EVENT_TYPES.has(t as DebateEvent['type']));

// The pure fold of a debate's events into its projected state. Shared by the deciders, the
// projectors and the browser's replay scrubber, so all three compute the same state. One
// dispatcher; each concern folds its own events in ./fold/, mirroring services/domain/src/.
import type { DebateEvent } from '../events/index.ts';
import type { DebateState } from './debateState.ts';
import { evolveChat } from './fold/chat.ts';
import { evolveLifecycle } from './fold/lifecycle.ts';
import { evolveModeration } from './fold/moderation.ts';
import { evolveRoom } from './fold/room.ts';
import { evolveSpeaking } from './fold/speaking.ts';
import { evolveTurns } from './fold/turns.ts';
import { evolveVoice } from './fold/voice.ts';
import { evolveVotes } from './fold/votes.ts';

export function evolve(state: DebateState, event: DebateEvent): DebateState {
  const s = { ...state, eventCount: state.eventCount + 1 };
  switch (event.type) {
    case 'DebateScheduled':
    case 'DebateOpened':
    case 'DebateStarted':
    case 'RoundStarted':
    case 'PresentationUpdated':
    case 'DebateEnded':
      return evolveLifecycle(s, event);
    case 'ParticipantJoined':
    case 'ParticipantLeft':
      return evolveRoom(s, event);
    case 'TurnRequested':
    case 'TurnRequestWithdrawn':
    case 'TurnGranted':
    case 'TurnWarningIssued':
    case 'TurnExtended':
    case 'TurnEnded':
      return evolveTurns(s, event);
    case 'VoteOpened':
    case 'VoteCast':
    case 'VoteChanged':
    case 'VoteClosed':
      return evolveVotes(s, event);
    case 'ParticipantMuted':
    case 'ParticipantUnmuted':
    case 'ParticipantRemoved':
    case 'SpeakerPromoted':
    case 'SpeakerDemoted':
    case 'ModeratorAssigned':
    case 'ModeratorRevoked':
    case 'RoomLocked':
    case 'RoomUnlocked':
    case 'RoomAccessChanged':
    case 'MessageHidden':
      return evolveModeration(s, event);
    case 'SpeakerInvited':
    case 'SpeakRequestDismissed':
    case 'InvitationAccepted':
    case 'InvitationDeclined':
    case 'FloorControlChanged':
      return evolveSpeaking(s, event);
    case 'MessagePosted':
    case 'QuestionAnswered':
      return evolveChat(s, event);
    case 'VoiceJoined':
    case 'VoiceLeft':
    case 'PeerLinkEstablished':
    case 'PeerLinkFailed':
    case 'VoiceRejoinAttempted':
    case 'VoiceRejoinAbandoned':
      return evolveVoice(s, event);
    // The stage lifecycle is a record of the SFU's side (timeline, audit of the voice path); who
    // may publish follows roles and mutes, which other events carry.
    case 'StagePublished':
    case 'StageUnpublished':
    case 'StageListenerSubscribed':
    case 'StageListenerLeft':
    case 'StageSfuFailed':
      return s;
    default: {
      const _exhaustive: never = event;
      throw new Error(`Unknown event ${(_exhaustive as { type: string }).type}`);
    }
  }
}

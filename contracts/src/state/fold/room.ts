// Folds entering and leaving the room.
import type { EventOf } from '../../events/index.ts';
import type { DebateState, Participant } from '../debateState.ts';
import { dropParticipant } from './records.ts';

export type RoomEvent = EventOf<'ParticipantJoined' | 'ParticipantLeft'>;

export function evolveRoom(s: DebateState, event: RoomEvent): DebateState {
  switch (event.type) {
    case 'ParticipantJoined': {
      const d = event.data;
      const participant: Participant = {
        accountId: d.accountId,
        displayName: d.displayName,
        role: d.role,
        side: d.side,
        muted: false,
        connected: false,
        joinedAt: d.at,
        seq: s.joinSeq + 1,
      };
      return { ...s, joinSeq: s.joinSeq + 1, participants: { ...s.participants, [d.accountId]: participant } };
    }
    case 'ParticipantLeft':
      return dropParticipant(s, event.data.accountId);
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a room event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}

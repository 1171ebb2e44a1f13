// Folds moderator actions: mute, remove, roles, the room lock and access, hidden messages.
import type { EventOf } from '../../events/index.ts';
import type { DebateState } from '../debateState.ts';
import { dropParticipant, patchParticipant, without, withoutInvitation } from './records.ts';

export type ModerationEvent = EventOf<
  | 'ParticipantMuted'
  | 'ParticipantUnmuted'
  | 'ParticipantRemoved'
  | 'SpeakerPromoted'
  | 'SpeakerDemoted'
  | 'ModeratorAssigned'
  | 'ModeratorRevoked'
  | 'RoomLocked'
  | 'RoomUnlocked'
  | 'RoomAccessChanged'
  | 'MessageHidden'
>;

export function evolveModeration(s: DebateState, event: ModerationEvent): DebateState {
  switch (event.type) {
    case 'ParticipantMuted':
      return patchParticipant(s, event.data.targetId ?? '', { muted: true });
    case 'ParticipantUnmuted':
      return patchParticipant(s, event.data.targetId ?? '', { muted: false });
    case 'ParticipantRemoved': {
      const id = event.data.targetId ?? '';
      // A removed participant loses every role with the room: a removed moderator keeps no right.
      return { ...dropParticipant(s, id), moderators: without(s.moderators, id), removed: [...s.removed, id] };
    }
    case 'SpeakerPromoted': {
      const id = event.data.targetId ?? '';
      return { ...patchParticipant(s, id, { role: 'speaker', side: event.data.side }), ...withoutInvitation(s, id) };
    }
    case 'SpeakerDemoted': {
      const id = event.data.targetId ?? '';
      return { ...patchParticipant(s, id, { role: 'audience' }), queue: without(s.queue, id) };
    }
    case 'ModeratorAssigned': {
      const id = event.data.targetId ?? '';
      const next = { ...patchParticipant(s, id, { role: 'moderator' as const }), ...withoutInvitation(s, id) };
      return next.moderators.includes(id) ? next : { ...next, moderators: [...next.moderators, id] };
    }
    case 'ModeratorRevoked': {
      const id = event.data.targetId ?? '';
      return { ...patchParticipant(s, id, { role: 'audience' }), moderators: without(s.moderators, id) };
    }
    case 'RoomLocked':
      return { ...s, locked: true };
    case 'RoomUnlocked':
      return { ...s, locked: false };
    case 'RoomAccessChanged':
      return { ...s, accountsOnly: event.data.accountsOnly };
    case 'MessageHidden': {
      const m = s.messages[event.data.messageId];
      return m ? { ...s, messages: { ...s.messages, [m.messageId]: { ...m, hidden: true } } } : s;
    }
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a moderation event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}

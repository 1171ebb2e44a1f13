// Folds requests to speak and invitations (pending ones in `invitations`; a request itself is a
// raised hand in `queue`) and the room's floor control.
import type { EventOf } from '../../events/index.ts';
import type { DebateState } from '../debateState.ts';
import { omit, without } from './records.ts';

export type SpeakingEvent = EventOf<'SpeakerInvited' | 'SpeakRequestDismissed' | 'InvitationAccepted' | 'InvitationDeclined' | 'FloorControlChanged'>;

/** A state stored before invitations existed has none. */
const invitationsOf = (s: DebateState): DebateState['invitations'] => s.invitations ?? {};

export function evolveSpeaking(s: DebateState, event: SpeakingEvent): DebateState {
  switch (event.type) {
    case 'SpeakerInvited': {
      const d = event.data;
      const id = d.targetId ?? '';
      // The invitation answers their request: it leaves the queue.
      return {
        ...s,
        queue: without(s.queue, id),
        invitations: { ...invitationsOf(s), [id]: { accountId: id, invitedBy: d.moderatorId, side: d.side, reason: d.reason, at: d.at } },
      };
    }
    case 'SpeakRequestDismissed': {
      const id = event.data.targetId ?? '';
      return { ...s, queue: without(s.queue, id), invitations: omit(invitationsOf(s), id) };
    }
    // The role change is the SpeakerPromoted that follows an acceptance.
    case 'InvitationAccepted':
    case 'InvitationDeclined':
      return { ...s, invitations: omit(invitationsOf(s), event.data.accountId) };
    case 'FloorControlChanged':
      return { ...s, floorControl: event.data.floorControl };
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a speaking event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}

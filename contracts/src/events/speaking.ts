// Who may be heard: a listener's request to speak and the moderator's invitation (accepted or
// declined by the invited person), and the room's floor control ("only the floor holder is heard").
// A request is a raised hand (TurnRequested) of an audience member; these events answer it.
import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { IsoTime, ModerationFields, Side, message } from './common.ts';

const fields = z.object(ModerationFields);

/** A moderator invites an audience member to speak, on a side in an oxford debate. Answers their request (if any). */
export const SpeakerInvited = message(
  'SpeakerInvited',
  fields.extend({ side: Side.nullable().describe('oxford: the side the invited person will speak for; free format: null') }),
);
/** A moderator turns a raised hand or request down, or withdraws a pending invitation. */
export const SpeakRequestDismissed = message('SpeakRequestDismissed', fields);
/**
 * The invited person accepts. Followed in the same append by the SpeakerPromoted the invitation
 * stood for (in the inviter's name) and, on a free open floor, their turn.
 */
export const InvitationAccepted = message(
  'InvitationAccepted',
  z.object({ accountId: AccountId, invitedBy: AccountId, side: Side.nullable(), at: IsoTime }),
);
/** The invited person declines: they stay in the audience. */
export const InvitationDeclined = message('InvitationDeclined', z.object({ accountId: AccountId, invitedBy: AccountId, at: IsoTime }));
/**
 * A moderator turns floor control on or off: while on and the debate is live, only the speaker
 * holding the floor (and moderators) are heard. Its setting at creation is DebateScheduled's.
 */
export const FloorControlChanged = message('FloorControlChanged', fields.extend({ floorControl: z.boolean() }));

// Who may be heard: an audience member asks to speak (a raised hand from the audience), a
// moderator invites them up (or dismisses the request), the invited person accepts or declines;
// and the room's floor control. Invitations and dismissals are moderation (audited); the answer
// is the invited person's own command.
import type { CommandOf, DebateEvent, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { type DomainError, isDomainError, refuse } from './errors.ts';
import { grantEvent } from './floor.ts';
import { firstOf, moderator, notEnded, participant } from './guards.ts';

const iso = (d: Date) => d.toISOString();
const invitationOf = (s: DebateState, accountId: string) => (s.invitations ?? {})[accountId];

/**
 * RaiseHand from the audience: a request to speak. Any time the room is open, in any round (a
 * listener may ask before the debate starts; the request stands until a moderator answers it).
 * Guests are refused before this, at the edge (the command policy: speaking needs an account).
 */
export function askToSpeak(_c: CommandOf<'RaiseHand'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const error = firstOf(
    () => participant(s, me),
    () => notEnded(s),
    () => (invitationOf(s, me) ? refuse('ALREADY_INVITED', 'A moderator has invited you to speak: accept or decline the invitation') : null),
    () => (s.queue.includes(me) ? refuse('HAND_ALREADY_RAISED', 'You have already asked to speak') : null),
  );
  return error ?? [{ type: 'TurnRequested', data: { accountId: me, side: s.participants[me]?.side ?? null, at: iso(ctx.now) } }];
}

/** A moderator invites an audience member (whether they asked or not); oxford: onto a side. */
export function inviteToSpeak(c: CommandOf<'InviteToSpeak'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, side, reason } = c.data;
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () => participant(s, accountId, `${accountId} is`),
    () => (s.participants[accountId]?.role !== 'audience' ? refuse('ALREADY_SPEAKER', `${accountId} already speaks or moderates`) : null),
    () => (invitationOf(s, accountId) ? refuse('ALREADY_INVITED', `${accountId} is already invited to speak`) : null),
    () => (s.format === 'oxford' && !side ? refuse('SIDE_REQUIRED', 'Oxford speakers need a side: pro or con') : null),
    () => (s.format === 'free' && side ? refuse('SIDE_NOT_ALLOWED', 'A free-format debate has no sides') : null),
  );
  return (
    error ?? [{ type: 'SpeakerInvited', data: { moderatorId: ctx.actor.accountId, targetId: accountId, reason, at: iso(ctx.now), side: side ?? null } }]
  );
}

/** The invitation the person may answer now, or why not. */
function answerable(s: DebateState, me: string): NonNullable<ReturnType<typeof invitationOf>> | DomainError {
  const invitation = invitationOf(s, me);
  return firstOf(() => participant(s, me), () => notEnded(s)) ?? invitation ?? refuse('NOT_INVITED', 'You have no invitation to speak');
}

/**
 * The invited person accepts: the promotion the invitation stood for, in the inviter's name (the
 * audit reads who decided it), and on the open floor of a live debate their turn at once when
 * nobody holds the floor, or their hand in the queue when someone does.
 */
export function acceptInvitation(_c: CommandOf<'AcceptInvitation'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const invitation = answerable(s, me);
  if (isDomainError(invitation)) return invitation;
  const at = iso(ctx.now);
  const { invitedBy, side, reason } = invitation;
  const events: DebateEvent[] = [
    { type: 'InvitationAccepted', data: { accountId: me, invitedBy, side, at } },
    { type: 'SpeakerPromoted', data: { moderatorId: invitedBy, targetId: me, reason, at, side } },
  ];
  if (s.status === 'live' && s.round === 'FREE') {
    if (s.currentTurn) events.push({ type: 'TurnRequested', data: { accountId: me, side, at } });
    else {
      // The grant reads the speaker's side from state: as they will be once promoted.
      const promoted = { ...s, participants: { ...s.participants, [me]: { ...s.participants[me]!, role: 'speaker' as const, side } } };
      events.push(grantEvent(promoted, me, 'open', s.turnMs, invitedBy, ctx.now));
    }
  }
  return events;
}

export function declineInvitation(_c: CommandOf<'DeclineInvitation'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const invitation = answerable(s, me);
  if (isDomainError(invitation)) return invitation;
  return [{ type: 'InvitationDeclined', data: { accountId: me, invitedBy: invitation.invitedBy, at: iso(ctx.now) } }];
}

/** A moderator turns down a request (or a speaker's raised hand), or withdraws a pending invitation. */
export function dismissRequest(c: CommandOf<'DismissRequest'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason } = c.data;
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () =>
      !s.queue.includes(accountId) && !invitationOf(s, accountId)
        ? refuse('NO_REQUEST', `${accountId} has not asked to speak and has no pending invitation`)
        : null,
  );
  return error ?? [{ type: 'SpeakRequestDismissed', data: { moderatorId: ctx.actor.accountId, targetId: accountId, reason, at: iso(ctx.now) } }];
}

/** Floor control on or off; it takes effect at every receiver with the state change. */
export function setFloorControl(c: CommandOf<'SetFloorControl'>, s: DebateState, ctx: DecideContext): Decision {
  const { floorControl, reason } = c.data;
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () =>
      (s.floorControl ?? false) === floorControl
        ? refuse('FLOOR_CONTROL_UNCHANGED', floorControl ? 'Floor control is already on' : 'Floor control is already off')
        : null,
  );
  return error ?? [{ type: 'FloorControlChanged', data: { moderatorId: ctx.actor.accountId, targetId: null, reason, at: iso(ctx.now), floorControl } }];
}

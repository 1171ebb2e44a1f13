// Entering and leaving the room: lock, capacity, sides, accounts-only rooms and the ban list.
import type { CommandOf, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { refuse } from './errors.ts';
import { endTurn } from './floor.ts';
import { firstOf, isModerator, notEnded, participant } from './guards.ts';

export function joinDebate(c: CommandOf<'JoinDebate'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const mod = isModerator(s, ctx.actor);
  const { role, side } = c.data;
  const error = firstOf(
    () => notEnded(s),
    () => (s.status === 'scheduled' && !mod ? refuse('INVALID_STATUS', 'The room is not open yet') : null),
    () => (s.removed.includes(me) ? refuse('PARTICIPANT_REMOVED', 'A moderator removed you from this debate') : null),
    () => (s.participants[me] ? refuse('ALREADY_JOINED', 'You are already in this debate') : null),
    // By identity kind, not by id: a removed guest would otherwise be back at once as a new guest.
    () =>
      s.accountsOnly && ctx.actor.kind === 'guest' && !mod
        ? refuse('ACCOUNTS_ONLY', 'This room is for signed-in accounts only; guests cannot join')
        : null,
    () => (s.locked && !mod ? refuse('ROOM_LOCKED', 'The room is locked') : null),
    () =>
      Object.keys(s.participants).length >= s.maxMembers && !mod
        ? refuse('ROOM_FULL', `The room is full (${s.maxMembers} members)`)
        : null,
    () => (s.format === 'free' && side ? refuse('SIDE_NOT_ALLOWED', 'A free-format debate has no sides') : null),
    () =>
      s.format === 'oxford' && role === 'speaker' && !side
        ? refuse('SIDE_REQUIRED', 'Oxford speakers choose a side: pro or con')
        : null,
  );
  if (error) return error;
  return [
    {
      type: 'ParticipantJoined',
      data: {
        accountId: me,
        displayName: ctx.actor.displayName,
        // Moderators join as moderators whatever they asked for: their rights follow the account.
        role: mod ? 'moderator' : role,
        side: s.format === 'oxford' ? (side ?? null) : null,
        at: ctx.now.toISOString(),
      },
    },
  ];
}

export function leaveDebate(_c: CommandOf<'LeaveDebate'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const error = participant(s, me);
  if (error) return error;
  const holding = s.currentTurn?.accountId === me;
  return [
    ...(holding ? endTurn(s, 'left', me, ctx.now, { gone: me }) : []),
    ...(s.voice[me] ? [{ type: 'VoiceLeft' as const, data: { accountId: me, reason: 'left' as const, at: ctx.now.toISOString() } }] : []),
    { type: 'ParticipantLeft', data: { accountId: me, reason: 'left', at: ctx.now.toISOString() } },
  ];
}

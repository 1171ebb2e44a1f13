// Moderator actions. Each event names moderator, target and reason: the audit trail reads them.
import type { CommandOf, DebateEvent, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { type DomainError, isDomainError, refuse } from './errors.ts';
import { endTurn } from './floor.ts';
import { debateExists, firstOf, hostOrAdmin, messageOf, moderator, notEnded, participant } from './guards.ts';

const audit = (ctx: DecideContext, targetId: string | null, reason: string) => ({
  moderatorId: ctx.actor.accountId,
  targetId,
  reason,
  at: ctx.now.toISOString(),
});

/** Common checks for an action on a participant. */
const onParticipant = (s: DebateState, ctx: DecideContext, target: string, ...more: (() => DomainError | null)[]) =>
  firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () => participant(s, target, `${target} is`),
    ...more,
  );

const notHost = (s: DebateState, target: string) => () =>
  target === s.hostId ? refuse('CANNOT_TARGET_HOST', 'The host cannot be the target of this action') : null;
const notSelf = (ctx: DecideContext, target: string) => () =>
  target === ctx.actor.accountId ? refuse('CANNOT_TARGET_SELF', 'You cannot do this to yourself') : null;

export function muteParticipant(c: CommandOf<'MuteParticipant'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason } = c.data;
  const error = onParticipant(s, ctx, accountId, notHost(s, accountId), () =>
    s.participants[accountId]?.muted ? refuse('ALREADY_MUTED', `${accountId} is already muted`) : null,
  );
  return error ?? [{ type: 'ParticipantMuted', data: audit(ctx, accountId, reason) }];
}

export function unmuteParticipant(c: CommandOf<'UnmuteParticipant'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason } = c.data;
  const error = onParticipant(s, ctx, accountId, () =>
    !s.participants[accountId]?.muted ? refuse('NOT_MUTED', `${accountId} is not muted`) : null,
  );
  return error ?? [{ type: 'ParticipantUnmuted', data: audit(ctx, accountId, reason) }];
}

export function removeParticipant(c: CommandOf<'RemoveParticipant'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason } = c.data;
  const error = onParticipant(s, ctx, accountId, notHost(s, accountId), notSelf(ctx, accountId));
  if (error) return error;
  const events: DebateEvent[] = [];
  if (s.currentTurn?.accountId === accountId) {
    events.push(...endTurn(s, 'moderator', ctx.actor.accountId, ctx.now, { gone: accountId }));
  }
  if (s.voice[accountId]) {
    events.push({ type: 'VoiceLeft', data: { accountId, reason: 'removed', at: ctx.now.toISOString() } });
  }
  events.push({ type: 'ParticipantRemoved', data: audit(ctx, accountId, reason) });
  return events;
}

export function promoteToSpeaker(c: CommandOf<'PromoteToSpeaker'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason, side } = c.data;
  const error = onParticipant(
    s,
    ctx,
    accountId,
    () => (s.participants[accountId]?.role !== 'audience' ? refuse('ALREADY_SPEAKER', `${accountId} already speaks or moderates`) : null),
    () => (s.format === 'oxford' && !side ? refuse('SIDE_REQUIRED', 'Oxford speakers need a side: pro or con') : null),
    () => (s.format === 'free' && side ? refuse('SIDE_NOT_ALLOWED', 'A free-format debate has no sides') : null),
  );
  return error ?? [{ type: 'SpeakerPromoted', data: { ...audit(ctx, accountId, reason), side: side ?? null } }];
}

export function demoteToAudience(c: CommandOf<'DemoteToAudience'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason } = c.data;
  const error = onParticipant(s, ctx, accountId, () =>
    s.participants[accountId]?.role !== 'speaker' ? refuse('NOT_SPEAKER', `${accountId} is not a speaker`) : null,
  );
  if (error) return error;
  const holding = s.currentTurn?.accountId === accountId;
  return [
    ...(holding ? endTurn(s, 'moderator', ctx.actor.accountId, ctx.now, { gone: accountId }) : []),
    { type: 'SpeakerDemoted', data: audit(ctx, accountId, reason) },
  ];
}

export function assignModerator(c: CommandOf<'AssignModerator'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason } = c.data;
  const error = onParticipant(s, ctx, accountId, () =>
    s.moderators.includes(accountId) ? refuse('ALREADY_MODERATOR', `${accountId} is already a moderator`) : null,
  );
  if (error) return error;
  // A speaker who becomes moderator gives up the floor and any raised hand with the role change.
  const holding = s.currentTurn?.accountId === accountId;
  return [
    ...(holding ? endTurn(s, 'moderator', ctx.actor.accountId, ctx.now, { gone: accountId }) : []),
    ...(s.queue.includes(accountId) ? [{ type: 'TurnRequestWithdrawn' as const, data: { accountId, at: ctx.now.toISOString() } }] : []),
    { type: 'ModeratorAssigned', data: audit(ctx, accountId, reason) },
  ];
}

/**
 * Takes the role back. The host's (or a site admin's), not any moderator's: co-moderators cannot
 * revoke each other. Allowed after the debate ended too, since the role also opens the debate's
 * audit and raw events. The target need not be in the room; one who is stays as audience.
 */
export function revokeModerator(c: CommandOf<'RevokeModerator'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountId, reason } = c.data;
  const error = firstOf(
    () => debateExists(s),
    () => hostOrAdmin(s, ctx.actor),
    notHost(s, accountId),
    () => (!s.moderators.includes(accountId) ? refuse('TARGET_NOT_MODERATOR', `${accountId} is not a moderator of this debate`) : null),
  );
  if (error) return error;
  const events: DebateEvent[] = [];
  if (s.status !== 'ended') {
    // As audience they hold no floor and no raised hand (the same as a demotion).
    if (s.currentTurn?.accountId === accountId) events.push(...endTurn(s, 'moderator', ctx.actor.accountId, ctx.now, { gone: accountId }));
    if (s.queue.includes(accountId)) events.push({ type: 'TurnRequestWithdrawn', data: { accountId, at: ctx.now.toISOString() } });
  }
  events.push({ type: 'ModeratorRevoked', data: audit(ctx, accountId, reason) });
  return events;
}

export function lockRoom(c: CommandOf<'LockRoom'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () => (s.locked ? refuse('ALREADY_LOCKED', 'The room is already locked') : null),
  );
  return error ?? [{ type: 'RoomLocked', data: audit(ctx, null, c.data.reason) }];
}

export function unlockRoom(c: CommandOf<'UnlockRoom'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () => (!s.locked ? refuse('NOT_LOCKED', 'The room is not locked') : null),
  );
  return error ?? [{ type: 'RoomUnlocked', data: audit(ctx, null, c.data.reason) }];
}

/** Accounts-only or open to guests. Guests already in the room stay; new guests are refused at the door. */
export function setRoomAccess(c: CommandOf<'SetRoomAccess'>, s: DebateState, ctx: DecideContext): Decision {
  const { accountsOnly, reason } = c.data;
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () =>
      (s.accountsOnly ?? false) === accountsOnly
        ? refuse('ROOM_ACCESS_UNCHANGED', accountsOnly ? 'The room is already for accounts only' : 'The room is already open to guests')
        : null,
  );
  return error ?? [{ type: 'RoomAccessChanged', data: { ...audit(ctx, null, reason), accountsOnly } }];
}

export function hideMessage(c: CommandOf<'HideMessage'>, s: DebateState, ctx: DecideContext): Decision {
  const denied = moderator(s, ctx.actor);
  if (denied) return denied;
  const m = messageOf(s, c.data.messageId);
  if (isDomainError(m)) return m;
  if (m.hidden) return refuse('ALREADY_HIDDEN', 'This message is already hidden');
  return [{ type: 'MessageHidden', data: { ...audit(ctx, m.authorId, c.data.reason), messageId: m.messageId } }];
}

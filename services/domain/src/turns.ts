// The open floor: hands, grants, yields, extensions, and the timekeeper's warnings and expiry.
import type { CommandOf, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { isDomainError, refuse } from './errors.ts';
import { endTurn, grantEvent, nextInQueue } from './floor.ts';
import { firstOf, inRound, isLive, moderator, participant, runningTurn, systemOnly, timedTurn } from './guards.ts';
import { askToSpeak } from './speaking.ts';

const iso = (d: Date) => d.toISOString();

export function raiseHand(c: CommandOf<'RaiseHand'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  // From the audience a raised hand is a request to speak (speaking.ts): other rules.
  if (s.participants[me]?.role === 'audience') return askToSpeak(c, s, ctx);
  const error = firstOf(
    () => participant(s, me),
    () => inRound(s, 'FREE'),
    () => (s.participants[me]?.role !== 'speaker' ? refuse('NOT_SPEAKER', 'Only speakers take the floor') : null),
    () => (s.currentTurn?.accountId === me ? refuse('ALREADY_SPEAKING', 'You have the floor already') : null),
    () => (s.queue.includes(me) ? refuse('HAND_ALREADY_RAISED', 'Your hand is already raised') : null),
  );
  return error ?? [{ type: 'TurnRequested', data: { accountId: me, side: s.participants[me]?.side ?? null, at: iso(ctx.now) } }];
}

export function lowerHand(_c: CommandOf<'LowerHand'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const error = firstOf(
    () => participant(s, me),
    () => (!s.queue.includes(me) ? refuse('HAND_NOT_RAISED', 'Your hand is not raised') : null),
  );
  return error ?? [{ type: 'TurnRequestWithdrawn', data: { accountId: me, at: iso(ctx.now) } }];
}

export function grantTurn(c: CommandOf<'GrantTurn'>, s: DebateState, ctx: DecideContext): Decision {
  const base = firstOf(
    () => moderator(s, ctx.actor),
    () => inRound(s, 'FREE'),
    () => (s.currentTurn ? refuse('TURN_IN_PROGRESS', 'Someone has the floor; end their turn first') : null),
  );
  if (base) return base;
  const speaker = c.data.accountId ?? nextInQueue(s);
  if (!speaker) return refuse('QUEUE_EMPTY', 'No hand is raised');
  const error = firstOf(
    () => participant(s, speaker, `${speaker} is`),
    () => (s.participants[speaker]?.role !== 'speaker' ? refuse('NOT_SPEAKER', `${speaker} is not a speaker`) : null),
  );
  return error ?? [grantEvent(s, speaker, 'open', c.data.durationMs ?? s.turnMs, ctx.actor.accountId, ctx.now)];
}

export function yieldTurn(_c: CommandOf<'YieldTurn'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const error = isLive(s);
  if (error) return error;
  const t = runningTurn(s);
  if (isDomainError(t)) return t;
  if (t.accountId !== me) return refuse('NOT_YOUR_TURN', 'Only the speaker can yield the floor');
  return endTurn(s, 'yielded', me, ctx.now);
}

export function endTurnByModerator(_c: CommandOf<'EndTurn'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(() => moderator(s, ctx.actor), () => isLive(s));
  if (error) return error;
  const t = runningTurn(s);
  return isDomainError(t) ? t : endTurn(s, 'moderator', ctx.actor.accountId, ctx.now);
}

export function extendTurn(c: CommandOf<'ExtendTurn'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(() => moderator(s, ctx.actor), () => isLive(s));
  if (error) return error;
  const t = runningTurn(s);
  if (isDomainError(t)) return t;
  // Extending an overrun turn counts from now, not from the passed deadline.
  const base = Math.max(Date.parse(t.endsAt), ctx.now.getTime());
  return [
    {
      type: 'TurnExtended',
      data: {
        turnNo: t.turnNo,
        speaker: t.accountId,
        byMs: c.data.ms,
        endsAt: iso(new Date(base + c.data.ms)),
        extendedBy: ctx.actor.accountId,
        at: iso(ctx.now),
      },
    },
  ];
}

export function issueTurnWarning(c: CommandOf<'IssueTurnWarning'>, s: DebateState, ctx: DecideContext): Decision {
  const denied = firstOf(() => systemOnly(ctx.actor), () => isLive(s));
  if (denied) return denied;
  const t = timedTurn(s, c.data.turnNo);
  if (isDomainError(t)) return t;
  const error = firstOf(
    () =>
      t.warningsIssued.includes(c.data.remainingMs)
        ? refuse('WARNING_ALREADY_ISSUED', `The ${c.data.remainingMs} ms warning was already given`)
        : null,
    () =>
      Date.parse(t.endsAt) - ctx.now.getTime() > c.data.remainingMs
        ? refuse('WARNING_NOT_DUE', 'More time is left than the warning announces (the turn was extended)')
        : null,
  );
  return (
    error ?? [
      {
        type: 'TurnWarningIssued',
        data: {
          turnNo: t.turnNo,
          speaker: t.accountId,
          remainingMs: c.data.remainingMs,
          at: iso(ctx.now),
        },
      },
    ]
  );
}

export function expireTurn(c: CommandOf<'ExpireTurn'>, s: DebateState, ctx: DecideContext): Decision {
  const denied = firstOf(() => systemOnly(ctx.actor), () => isLive(s));
  if (denied) return denied;
  const t = timedTurn(s, c.data.turnNo);
  if (isDomainError(t)) return t;
  if (ctx.now.getTime() < Date.parse(t.endsAt)) return refuse('TURN_NOT_EXPIRED', 'The turn has time left (it was extended)');
  return endTurn(s, 'expired', ctx.actor.accountId, ctx.now);
}

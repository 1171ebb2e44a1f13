// Votes on the motion (oxford pre/post) and polls. One ballot per account; recasting changes it.
import type { CommandOf, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { isDomainError, refuse } from './errors.ts';
import { firstOf, moderator, notEnded, participant, voteOf } from './guards.ts';

const iso = (d: Date) => d.toISOString();

/**
 * A vote on the motion must say which side each option stands for, and offer both sides: the
 * swing is counted by those sides, never guessed from the labels (any language goes). Polls have none.
 */
function sidesProblem({ options, sides, kind }: CommandOf<'OpenVote'>['data']) {
  if (kind === 'poll') return sides ? refuse('VOTE_SIDES_NOT_ALLOWED', 'A poll has no sides: only pre and post votes on the motion do') : null;
  if (!sides) return refuse('VOTE_SIDES_REQUIRED', 'A vote on the motion needs the side (pro, con or undecided) of each option');
  if (sides.length !== options.length) {
    return refuse('VOTE_SIDES_MISMATCH', `Give one side per option: ${options.length} options, ${sides.length} sides`);
  }
  const missing = (['pro', 'con'] as const).filter((side) => !sides.includes(side));
  return missing.length ? refuse('VOTE_SIDES_INCOMPLETE', `A vote on the motion needs an option for each side; none is ${missing.join(' or ')}`) : null;
}

export function openVote(c: CommandOf<'OpenVote'>, s: DebateState, ctx: DecideContext): Decision {
  const { voteId, question, options, kind } = c.data;
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () => (s.votes[voteId] ? refuse('VOTE_EXISTS', `Vote ${voteId} already exists`) : null),
    () =>
      kind !== 'poll' && s.format !== 'oxford'
        ? refuse('VOTE_KIND_NOT_ALLOWED', 'Pre and post votes on the motion belong to oxford debates')
        : null,
    () =>
      kind !== 'poll' && Object.values(s.votes).some((v) => v.kind === kind)
        ? refuse('VOTE_KIND_EXISTS', `This debate already has a ${kind} vote`)
        : null,
    () => sidesProblem(c.data),
  );
  const sides = kind === 'poll' ? null : (c.data.sides ?? null);
  return error ?? [{ type: 'VoteOpened', data: { voteId, question, options, sides, kind, openedBy: ctx.actor.accountId, at: iso(ctx.now) } }];
}

export function castVote(c: CommandOf<'CastVote'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const denied = firstOf(() => participant(s, me), () => notEnded(s));
  if (denied) return denied;
  const vote = voteOf(s, c.data.voteId);
  if (isDomainError(vote)) return vote;
  const error = firstOf(
    () => (vote.status !== 'open' ? refuse('VOTE_CLOSED', 'This vote is closed') : null),
    () => (!vote.options.includes(c.data.option) ? refuse('INVALID_OPTION', `Options are: ${vote.options.join(', ')}`) : null),
  );
  if (error) return error;
  const previous = vote.ballots[me];
  if (previous === c.data.option) return []; // same ballot again: nothing changes
  // The options are the opener's words: the events name whose erasure takes them (personalData.ts).
  const optionsBy = vote.openedBy;
  return previous === undefined
    ? [{ type: 'VoteCast', data: { voteId: c.data.voteId, accountId: me, option: c.data.option, optionsBy, at: iso(ctx.now) } }]
    : [{ type: 'VoteChanged', data: { voteId: c.data.voteId, accountId: me, from: previous, to: c.data.option, optionsBy, at: iso(ctx.now) } }];
}

export function closeVote(c: CommandOf<'CloseVote'>, s: DebateState, ctx: DecideContext): Decision {
  const denied = moderator(s, ctx.actor);
  if (denied) return denied;
  const vote = voteOf(s, c.data.voteId);
  if (isDomainError(vote)) return vote;
  if (vote.status !== 'open') return refuse('VOTE_CLOSED', 'This vote is already closed');
  return [{ type: 'VoteClosed', data: { voteId: vote.voteId, closedBy: ctx.actor.accountId, tallies: vote.tallies, optionsBy: vote.openedBy, at: iso(ctx.now) } }];
}


// Votes on the motion (oxford pre/post) and polls. One ballot per account; recasting changes it.
import type { CommandOf, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { isDomainError, refuse } from './errors.ts';
import { firstOf, moderator, notEnded, participant, voteOf } from './guards.ts';

const iso = (d: Date) => d.toISOString();

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
  );
  return error ?? [{ type: 'VoteOpened', data: { voteId, question, options, kind, openedBy: ctx.actor.accountId, at: iso(ctx.now) } }];
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
  return previous === undefined
    ? [{ type: 'VoteCast', data: { voteId: c.data.voteId, accountId: me, option: c.data.option, at: iso(ctx.now) } }]
    : [{ type: 'VoteChanged', data: { voteId: c.data.voteId, accountId: me, from: previous, to: c.data.option, at: iso(ctx.now) } }];
}

export function closeVote(c: CommandOf<'CloseVote'>, s: DebateState, ctx: DecideContext): Decision {
  const denied = moderator(s, ctx.actor);
  if (denied) return denied;
  const vote = voteOf(s, c.data.voteId);
  if (isDomainError(vote)) return vote;
  if (vote.status !== 'open') return refuse('VOTE_CLOSED', 'This vote is already closed');
  return [{ type: 'VoteClosed', data: { voteId: vote.voteId, closedBy: ctx.actor.accountId, tallies: vote.tallies, at: iso(ctx.now) } }];
}


// Folds votes: opened, one ballot per account (a recast moves it), closed.
import type { EventOf } from '../../events/index.ts';
import type { DebateState } from '../debateState.ts';

export type VoteEvent = EventOf<'VoteOpened' | 'VoteCast' | 'VoteChanged' | 'VoteClosed'>;

export function evolveVotes(s: DebateState, event: VoteEvent): DebateState {
  switch (event.type) {
    case 'VoteOpened': {
      const d = event.data;
      return {
        ...s,
        votes: {
          ...s.votes,
          [d.voteId]: {
            voteId: d.voteId,
            question: d.question,
            options: d.options,
            sides: d.sides,
            kind: d.kind,
            openedBy: d.openedBy,
            status: 'open',
            ballots: {},
            tallies: Object.fromEntries(d.options.map((o) => [o, 0])),
          },
        },
      };
    }
    case 'VoteCast':
    case 'VoteChanged': {
      const d = event.data;
      const vote = s.votes[d.voteId];
      if (!vote) return s;
      const option = event.type === 'VoteCast' ? event.data.option : event.data.to;
      const previous = vote.ballots[d.accountId];
      const tallies = { ...vote.tallies };
      if (previous !== undefined) tallies[previous] = (tallies[previous] ?? 1) - 1;
      tallies[option] = (tallies[option] ?? 0) + 1;
      return {
        ...s,
        votes: { ...s.votes, [d.voteId]: { ...vote, ballots: { ...vote.ballots, [d.accountId]: option }, tallies } },
      };
    }
    case 'VoteClosed': {
      const vote = s.votes[event.data.voteId];
      return vote ? { ...s, votes: { ...s.votes, [vote.voteId]: { ...vote, status: 'closed' } } } : s;
    }
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a vote event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}

// The vote_results fold, pure: one row per vote with its live tallies and ballot count.
// VoteClosed carries the decider's final tallies; they replace ours, being authoritative.
import type { OptionSide } from '@booktalk/contracts';
import type { RowFold } from '../rows.ts';

export interface VoteRow {
  debate_id: string;
  vote_id: string;
  question: string;
  kind: string;
  options: string[];
  /** The side each option stands for (pre/post votes, order of `options`); null for polls. */
  sides: OptionSide[] | null;
  tallies: Record<string, number>;
  ballots: number;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
}

const bump = (tallies: Record<string, number>, option: string, by: number) => ({ ...tallies, [option]: (tallies[option] ?? 0) + by });

export const votes: RowFold<VoteRow> = {
  key: ['debate_id', 'vote_id'],
  target({ debateId, event: e }) {
    switch (e.type) {
      case 'VoteOpened':
        return { key: { debate_id: debateId, vote_id: e.data.voteId }, stored: false };
      case 'VoteCast':
      case 'VoteChanged':
      case 'VoteClosed':
        return { key: { debate_id: debateId, vote_id: e.data.voteId }, stored: true };
      default:
        return null;
    }
  },
  evolve(v, { debateId, event: e }) {
    switch (e.type) {
      case 'VoteOpened': {
        const d = e.data;
        return {
          debate_id: debateId,
          vote_id: d.voteId,
          question: d.question,
          kind: d.kind,
          options: d.options,
          sides: d.sides,
          tallies: Object.fromEntries(d.options.map((o) => [o, 0])),
          ballots: 0,
          status: 'open',
          opened_at: d.at,
          closed_at: null,
        };
      }
      // Ballots for a vote this table never saw opened have nothing to count on.
      case 'VoteCast':
        return v && { ...v, ballots: v.ballots + 1, tallies: bump(v.tallies, e.data.option, 1) };
      case 'VoteChanged':
        return v && { ...v, tallies: bump(bump(v.tallies, e.data.from, -1), e.data.to, 1) };
      case 'VoteClosed':
        return v && { ...v, status: 'closed', closed_at: e.data.at, tallies: { ...e.data.tallies } };
      default:
        return v;
    }
  },
};

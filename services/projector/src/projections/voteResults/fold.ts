// The vote_results fold, pure: one row per vote with its live tallies and ballot count.
// VoteClosed carries the decider's final tallies; they replace ours, being authoritative.
import { keyOf } from '../../sql.ts';
import type { ProjectedEvent } from '../../events.ts';
import { type Rows, withRow } from '../rows.ts';

export interface VoteRow {
  debate_id: string;
  vote_id: string;
  question: string;
  kind: string;
  options: string[];
  tallies: Record<string, number>;
  ballots: number;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
}

export type VoteRows = Rows<VoteRow>;

export const emptyVoteResults = (): VoteRows => new Map();
export const voteKey = (v: Pick<VoteRow, 'debate_id' | 'vote_id'>): string => keyOf(v.debate_id, v.vote_id);

/** The stored votes the fold of `events` builds on: those cast on or closed (opened ones are new). */
export function rowsToLoad(events: readonly ProjectedEvent[]): Pick<VoteRow, 'debate_id' | 'vote_id'>[] {
  const keys = new Map<string, Pick<VoteRow, 'debate_id' | 'vote_id'>>();
  for (const { debateId, event: e } of events) {
    if (e.type === 'VoteCast' || e.type === 'VoteChanged' || e.type === 'VoteClosed') {
      const key = { debate_id: debateId, vote_id: e.data.voteId };
      keys.set(voteKey(key), key);
    }
  }
  return [...keys.values()];
}

const bump = (tallies: Record<string, number>, option: string, by: number) => ({ ...tallies, [option]: (tallies[option] ?? 0) + by });

export function evolve(rows: VoteRows, { debateId, event: e }: ProjectedEvent): VoteRows {
  switch (e.type) {
    case 'VoteOpened': {
      const d = e.data;
      const row: VoteRow = {
        debate_id: debateId,
        vote_id: d.voteId,
        question: d.question,
        kind: d.kind,
        options: d.options,
        tallies: Object.fromEntries(d.options.map((o) => [o, 0])),
        ballots: 0,
        status: 'open',
        opened_at: d.at,
        closed_at: null,
      };
      return withRow(rows, voteKey(row), row);
    }
    case 'VoteCast':
    case 'VoteChanged':
    case 'VoteClosed': {
      const key = voteKey({ debate_id: debateId, vote_id: e.data.voteId });
      const v = rows.get(key);
      if (!v) return rows;
      if (e.type === 'VoteCast') return withRow(rows, key, { ...v, ballots: v.ballots + 1, tallies: bump(v.tallies, e.data.option, 1) });
      if (e.type === 'VoteChanged') return withRow(rows, key, { ...v, tallies: bump(bump(v.tallies, e.data.from, -1), e.data.to, 1) });
      return withRow(rows, key, { ...v, status: 'closed', closed_at: e.data.at, tallies: { ...e.data.tallies } });
    }
    default:
      return rows;
  }
}

// Vote results and the Oxford swing (definition: VOTES_DESCRIPTION in http/schemas.ts).
import type { OptionSide } from '@booktalk/contracts';
import type { VoteResults } from '../http/schemas.ts';

export interface VoteFact {
  voteId: string;
  question: string;
  kind: 'pre' | 'post' | 'poll';
  status: 'open' | 'closed';
  options: string[];
  /** The side each option was opened with (order of `options`); null for polls. */
  sides: OptionSide[] | null;
  tallies: Record<string, number>;
  ballots: number;
  openedAt: string;
  closedAt: string | null;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The side an option was declared to stand for when the vote opened, never guessed from its label
 * (events from before sides were declared get them from their upcaster). A tally for an option
 * the vote does not list counts as undecided.
 */
export function sideOfOption(vote: Pick<VoteFact, 'options' | 'sides'>, option: string): OptionSide {
  const i = vote.options.indexOf(option);
  return (i >= 0 ? vote.sides?.[i] : undefined) ?? 'undecided';
}

function motionShares(vote: VoteFact | undefined) {
  if (!vote) return null;
  const counts = { pro: 0, con: 0, undecided: 0 };
  for (const [option, n] of Object.entries(vote.tallies)) counts[sideOfOption(vote, option)] += n;
  const total = counts.pro + counts.con + counts.undecided;
  const share = (n: number) => (total > 0 ? round4(n / total) : 0);
  return { pro: share(counts.pro), con: share(counts.con), undecided: share(counts.undecided), ballots: total };
}

export function voteResults(debateId: string, votes: readonly VoteFact[]): VoteResults {
  const preVote = votes.find((v) => v.kind === 'pre');
  const postVote = votes.find((v) => v.kind === 'post');
  const pre = motionShares(preVote);
  const post = motionShares(postVote);
  const swing = pre && post ? { pro: round4(post.pro - pre.pro), con: round4(post.con - pre.con) } : null;
  const winner = swing ? (swing.pro > swing.con ? 'pro' : swing.con > swing.pro ? 'con' : 'draw') : null;
  return {
    debateId,
    votes: [...votes],
    motion: { pre, post, swing, winner, final: preVote?.status === 'closed' && postVote?.status === 'closed' },
  };
}

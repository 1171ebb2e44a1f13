// Your own ballots in a debate, for those who see the DebateView (which carries tallies, not
// ballots). Only what a CastVote the server accepted said, kept per account and debate in
// localStorage so a reload still shows "your vote"; laid over the state where it lacks ballots.
import type { DebateState } from '@booktalk/contracts';

export type Ballots = Record<string, string>;

const key = (accountId: string, debateId: string) => `booktalk.ballots.${accountId}.${debateId}`;

export function loadBallots(accountId: string, debateId: string, storage: Pick<Storage, 'getItem'> = localStorage): Ballots {
  try {
    const raw: unknown = JSON.parse(storage.getItem(key(accountId, debateId)) ?? '{}');
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
    return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export function saveBallots(accountId: string, debateId: string, ballots: Ballots, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(key(accountId, debateId), JSON.stringify(ballots));
}

/** The state with `accountId`'s ballots filled in for the votes it has (only options those votes offer). */
export function withOwnBallots(state: DebateState, accountId: string | null, ballots: Ballots): DebateState {
  if (!accountId) return state;
  let votes = state.votes;
  for (const [voteId, option] of Object.entries(ballots)) {
    const v = votes[voteId];
    if (!v || !v.options.includes(option) || v.ballots[accountId] === option) continue;
    votes = { ...votes, [voteId]: { ...v, ballots: { ...v.ballots, [accountId]: option } } };
  }
  return votes === state.votes ? state : { ...state, votes };
}

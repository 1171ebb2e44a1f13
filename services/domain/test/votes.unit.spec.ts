import { describe, it } from 'vitest';
import type { DebateEvent } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, joined, opened, oxfordRoom, scheduled } from './support/fixtures.ts';

const preVote: DebateEvent = {
  type: 'VoteOpened',
  data: { voteId: 'pre', question: 'Do you agree with the motion?', options: ['pro', 'con', 'undecided'], kind: 'pre', openedBy: 'host', at: at(3) },
};
const cast = (accountId: string, option: string): DebateEvent => ({ type: 'VoteCast', data: { voteId: 'pre', accountId, option, at: at(4) } });

describe('OpenVote', () => {
  it('opens the pre vote on the motion', () => {
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { voteId: 'pre', question: 'Do you agree with the motion?', options: ['pro', 'con', 'undecided'], kind: 'pre' } }, { at: 3 })
      .then([preVote]);
  });
  it('VOTE_EXISTS for a reused id', () => {
    given(...oxfordRoom, preVote)
      .when({ type: 'OpenVote', data: { voteId: 'pre', question: 'Again?', options: ['a', 'b'], kind: 'poll' } })
      .thenFails('VOTE_EXISTS');
  });
  it('VOTE_KIND_EXISTS for a second pre vote', () => {
    given(...oxfordRoom, preVote)
      .when({ type: 'OpenVote', data: { voteId: 'pre2', question: 'Again?', options: ['pro', 'con'], kind: 'pre' } })
      .thenFails('VOTE_KIND_EXISTS');
  });
  it('VOTE_KIND_NOT_ALLOWED: no motion votes in a free debate', () => {
    given(scheduled('free'), opened)
      .when({ type: 'OpenVote', data: { voteId: 'pre', question: 'Agree?', options: ['yes', 'no'], kind: 'pre' } })
      .thenFails('VOTE_KIND_NOT_ALLOWED');
  });
  it('NOT_MODERATOR for the audience', () => {
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { voteId: 'p', question: 'Tea?', options: ['yes', 'no'], kind: 'poll' } }, { actor: actors.carol })
      .thenFails('NOT_MODERATOR');
  });
  it('DEBATE_ENDED after the end', () => {
    given(...oxfordRoom, { type: 'DebateEnded', data: { by: 'host', at: at(5) } })
      .when({ type: 'OpenVote', data: { voteId: 'p', question: 'Tea?', options: ['yes', 'no'], kind: 'poll' } })
      .thenFails('DEBATE_ENDED');
  });
});

describe('CastVote', () => {
  it('casts a ballot', () => {
    given(...oxfordRoom, preVote).when({ type: 'CastVote', data: { voteId: 'pre', option: 'con' } }, { actor: actors.carol, at: 4 }).then([cast('carol', 'con')]);
  });
  it('a second cast changes the vote', () => {
    given(...oxfordRoom, preVote, cast('carol', 'con'))
      .when({ type: 'CastVote', data: { voteId: 'pre', option: 'pro' } }, { actor: actors.carol, at: 6 })
      .then([{ type: 'VoteChanged', data: { voteId: 'pre', accountId: 'carol', from: 'con', to: 'pro', at: at(6) } }]);
  });
  it('the same ballot again changes nothing', () => {
    given(...oxfordRoom, preVote, cast('carol', 'con')).when({ type: 'CastVote', data: { voteId: 'pre', option: 'con' } }, { actor: actors.carol }).then([]);
  });
  it('VOTE_CLOSED after closing', () => {
    given(...oxfordRoom, preVote, { type: 'VoteClosed', data: { voteId: 'pre', closedBy: 'host', tallies: {}, at: at(5) } })
      .when({ type: 'CastVote', data: { voteId: 'pre', option: 'pro' } }, { actor: actors.carol })
      .thenFails('VOTE_CLOSED');
  });
  it('VOTE_NOT_FOUND, INVALID_OPTION, NOT_PARTICIPANT', () => {
    given(...oxfordRoom).when({ type: 'CastVote', data: { voteId: 'nope', option: 'pro' } }, { actor: actors.carol }).thenFails('VOTE_NOT_FOUND');
    given(...oxfordRoom, preVote).when({ type: 'CastVote', data: { voteId: 'pre', option: 'maybe' } }, { actor: actors.carol }).thenFails('INVALID_OPTION');
    given(...oxfordRoom, preVote).when({ type: 'CastVote', data: { voteId: 'pre', option: 'pro' } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
});

describe('CloseVote', () => {
  it('closes with the final tallies', () => {
    given(...oxfordRoom, joined('erin', 'audience'), preVote, cast('carol', 'con'), cast('erin', 'con'))
      .when({ type: 'CloseVote', data: { voteId: 'pre' } }, { at: 9 })
      .then([{ type: 'VoteClosed', data: { voteId: 'pre', closedBy: 'host', tallies: { pro: 0, con: 2, undecided: 0 }, at: at(9) } }]);
  });
  it('VOTE_CLOSED twice, VOTE_NOT_FOUND, NOT_MODERATOR', () => {
    given(...oxfordRoom, preVote, { type: 'VoteClosed', data: { voteId: 'pre', closedBy: 'host', tallies: {}, at: at(5) } })
      .when({ type: 'CloseVote', data: { voteId: 'pre' } })
      .thenFails('VOTE_CLOSED');
    given(...oxfordRoom).when({ type: 'CloseVote', data: { voteId: 'x' } }).thenFails('VOTE_NOT_FOUND');
    given(...oxfordRoom, preVote).when({ type: 'CloseVote', data: { voteId: 'pre' } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
});

import { describe, it } from 'vitest';
import type { DebateEvent } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, joined, opened, oxfordRoom, scheduled } from './support/fixtures.ts';

const preVote: DebateEvent = {
  type: 'VoteOpened',
  data: { voteId: 'pre', question: 'Do you agree with the motion?', options: ['pro', 'con', 'undecided'], sides: ['pro', 'con', 'undecided'], kind: 'pre', openedBy: 'host', at: at(3) },
};
// Ballots and the close name the options' author (the opener), whose erasure takes the option texts.
const cast = (accountId: string, option: string): DebateEvent => ({ type: 'VoteCast', data: { voteId: 'pre', accountId, option, optionsBy: 'host', at: at(4) } });
const preClosed: DebateEvent = { type: 'VoteClosed', data: { voteId: 'pre', closedBy: 'host', tallies: {}, at: at(5) } };

describe('OpenVote', () => {
  it('opens the pre vote on the motion', () => {
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { voteId: 'pre', question: 'Do you agree with the motion?', options: ['pro', 'con', 'undecided'], sides: ['pro', 'con', 'undecided'], kind: 'pre' } }, { at: 3 })
      .then([preVote]);
  });
  // Issue 19: the side of an option is what the moderator declares, in any language.
  const korean = { voteId: 'pre', question: '논제에 동의하십니까?', options: ['찬성', '반대', '미정'], kind: 'pre' as const };
  it('records the side each option of a motion vote stands for, whatever its language', () => {
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { ...korean, sides: ['pro', 'con', 'undecided'] } }, { at: 3 })
      .then([{ type: 'VoteOpened', data: { ...korean, sides: ['pro', 'con', 'undecided'], openedBy: 'host', at: at(3) } }]);
  });
  it('a motion vote must say the side of its options', () => {
    given(...oxfordRoom).when({ type: 'OpenVote', data: korean }).thenFails('VOTE_SIDES_REQUIRED');
  });
  it('a motion vote gives exactly one side per option', () => {
    given(...oxfordRoom).when({ type: 'OpenVote', data: { ...korean, sides: ['pro', 'con'] } }).thenFails('VOTE_SIDES_MISMATCH');
  });
  it('a motion vote offers both a pro and a con option', () => {
    given(...oxfordRoom).when({ type: 'OpenVote', data: { ...korean, sides: ['pro', 'undecided', 'undecided'] } }).thenFails('VOTE_SIDES_INCOMPLETE');
    given(...oxfordRoom).when({ type: 'OpenVote', data: { ...korean, sides: ['con', 'con', 'undecided'] } }).thenFails('VOTE_SIDES_INCOMPLETE');
  });
  it('several options may stand for one side', () => {
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { ...korean, options: ['강한 찬성', '찬성', '반대'], sides: ['pro', 'pro', 'con'], kind: 'post' } }, { at: 3 })
      .then([{ type: 'VoteOpened', data: { ...korean, options: ['강한 찬성', '찬성', '반대'], sides: ['pro', 'pro', 'con'], kind: 'post', openedBy: 'host', at: at(3) } }]);
  });
  it('a poll has no sides', () => {
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { voteId: 'p', question: 'Tea?', options: ['yes', 'no'], sides: ['pro', 'con'], kind: 'poll' } })
      .thenFails('VOTE_SIDES_NOT_ALLOWED');
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { voteId: 'p', question: 'Tea?', options: ['yes', 'no'], kind: 'poll' } }, { at: 3 })
      .then([{ type: 'VoteOpened', data: { voteId: 'p', question: 'Tea?', options: ['yes', 'no'], sides: null, kind: 'poll', openedBy: 'host', at: at(3) } }]);
  });
  it('cannot reuse a vote id', () => {
    given(...oxfordRoom, preVote)
      .when({ type: 'OpenVote', data: { voteId: 'pre', question: 'Again?', options: ['a', 'b'], kind: 'poll' } })
      .thenFails('VOTE_EXISTS');
  });
  it('a debate has one pre vote at most', () => {
    given(...oxfordRoom, preVote)
      .when({ type: 'OpenVote', data: { voteId: 'pre2', question: 'Again?', options: ['pro', 'con'], sides: ['pro', 'con'], kind: 'pre' } })
      .thenFails('VOTE_KIND_EXISTS');
  });
  it('a free debate has no votes on the motion', () => {
    given(scheduled('free'), opened)
      .when({ type: 'OpenVote', data: { voteId: 'pre', question: 'Agree?', options: ['yes', 'no'], sides: ['pro', 'con'], kind: 'pre' } })
      .thenFails('VOTE_KIND_NOT_ALLOWED');
  });
  it('a non-moderator cannot open a vote', () => {
    given(...oxfordRoom)
      .when({ type: 'OpenVote', data: { voteId: 'p', question: 'Tea?', options: ['yes', 'no'], kind: 'poll' } }, { actor: actors.carol })
      .thenFails('NOT_MODERATOR');
  });
  it('no vote opens after the debate ended', () => {
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
      .then([{ type: 'VoteChanged', data: { voteId: 'pre', accountId: 'carol', from: 'con', to: 'pro', optionsBy: 'host', at: at(6) } }]);
  });
  it('the same ballot again changes nothing', () => {
    given(...oxfordRoom, preVote, cast('carol', 'con')).when({ type: 'CastVote', data: { voteId: 'pre', option: 'con' } }, { actor: actors.carol }).then([]);
  });
  it('cannot vote once the vote is closed', () => {
    given(...oxfordRoom, preVote, preClosed).when({ type: 'CastVote', data: { voteId: 'pre', option: 'pro' } }, { actor: actors.carol }).thenFails('VOTE_CLOSED');
  });
  it('cannot vote in a vote that does not exist', () => {
    given(...oxfordRoom).when({ type: 'CastVote', data: { voteId: 'nope', option: 'pro' } }, { actor: actors.carol }).thenFails('VOTE_NOT_FOUND');
  });
  it('cannot vote for an option the vote does not offer', () => {
    given(...oxfordRoom, preVote).when({ type: 'CastVote', data: { voteId: 'pre', option: 'maybe' } }, { actor: actors.carol }).thenFails('INVALID_OPTION');
  });
  it('someone not in the room cannot vote', () => {
    given(...oxfordRoom, preVote).when({ type: 'CastVote', data: { voteId: 'pre', option: 'pro' } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
});

describe('CloseVote', () => {
  it('closes with the final tallies', () => {
    given(...oxfordRoom, joined('erin', 'audience'), preVote, cast('carol', 'con'), cast('erin', 'con'))
      .when({ type: 'CloseVote', data: { voteId: 'pre' } }, { at: 9 })
      .then([{ type: 'VoteClosed', data: { voteId: 'pre', closedBy: 'host', tallies: { pro: 0, con: 2, undecided: 0 }, optionsBy: 'host', at: at(9) } }]);
  });
  it('cannot close a vote twice', () => {
    given(...oxfordRoom, preVote, preClosed).when({ type: 'CloseVote', data: { voteId: 'pre' } }).thenFails('VOTE_CLOSED');
  });
  it('cannot close a vote that does not exist', () => {
    given(...oxfordRoom).when({ type: 'CloseVote', data: { voteId: 'x' } }).thenFails('VOTE_NOT_FOUND');
  });
  it('a non-moderator cannot close a vote', () => {
    given(...oxfordRoom, preVote).when({ type: 'CloseVote', data: { voteId: 'pre' } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
});

import { describe, it } from 'vitest';
import { given } from './support/given.ts';
import { actors, at, granted, joined, opened, openFloor, oxfordRoom, scheduled, started } from './support/fixtures.ts';

describe('JoinDebate', () => {
  it('an oxford speaker joins on a side', () => {
    given(scheduled('oxford'), opened)
      .when({ type: 'JoinDebate', data: { role: 'speaker', side: 'con' } }, { actor: actors.bob, at: 1 })
      .then([joined('bob', 'speaker', 'con')]);
  });
  it('the audience joins without a side', () => {
    given(scheduled('free'), opened)
      .when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.carol, at: 1 })
      .then([joined('carol', 'audience')]);
  });
  it('nobody but a moderator joins before the room opens', () => {
    given(scheduled()).when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.carol }).thenFails('INVALID_STATUS');
  });
  it('cannot join twice', () => {
    given(...oxfordRoom).when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.carol }).thenFails('ALREADY_JOINED');
  });
  it('newcomers cannot join a locked room', () => {
    given(...oxfordRoom, { type: 'RoomLocked', data: { moderatorId: 'host', targetId: null, reason: '', at: at(4) } })
      .when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.erin })
      .thenFails('ROOM_LOCKED');
  });
  it('newcomers cannot join a full room', () => {
    given(scheduled('free', 2), opened, joined('alice', 'speaker'), joined('bob', 'speaker'))
      .when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.erin })
      .thenFails('ROOM_FULL');
  });
  it('a removed participant cannot rejoin', () => {
    given(...oxfordRoom, { type: 'ParticipantRemoved', data: { moderatorId: 'host', targetId: 'carol', reason: 'spam', at: at(4) } })
      .when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.carol })
      .thenFails('PARTICIPANT_REMOVED');
  });
  describe('an accounts-only room', () => {
    const accountsOnly = { type: 'RoomAccessChanged' as const, data: { moderatorId: 'host', targetId: null, reason: '', accountsOnly: true, at: at(4) } };
    const guest = { accountId: 'g_erin', displayName: 'Erin', kind: 'guest' as const };
    it('refuses a guest', () => {
      given(...oxfordRoom, accountsOnly).when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: guest }).thenFails('ACCOUNTS_ONLY');
    });
    it('lets an account in', () => {
      given(...oxfordRoom, accountsOnly)
        .when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: { ...actors.erin, kind: 'account' } })
        .thenEmits('ParticipantJoined');
    });
    it('lets the guest in once it is open to guests again', () => {
      given(...oxfordRoom, accountsOnly, { type: 'RoomAccessChanged', data: { ...accountsOnly.data, accountsOnly: false, at: at(5) } })
        .when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: guest })
        .thenEmits('ParticipantJoined');
    });
  });
  it('an oxford speaker must choose a side', () => {
    given(scheduled('oxford'), opened).when({ type: 'JoinDebate', data: { role: 'speaker' } }, { actor: actors.dave }).thenFails('SIDE_REQUIRED');
  });
  it('a free debate has no sides', () => {
    given(scheduled('free'), opened)
      .when({ type: 'JoinDebate', data: { role: 'speaker', side: 'pro' } }, { actor: actors.dave })
      .thenFails('SIDE_NOT_ALLOWED');
  });
  it('nobody joins after the end', () => {
    given(...oxfordRoom, { type: 'DebateEnded', data: { by: 'host', at: at(5) } })
      .when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.erin })
      .thenFails('DEBATE_ENDED');
  });
  it('cannot join a debate that does not exist', () => {
    given().when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.erin }).thenFails('DEBATE_NOT_FOUND');
  });
});

describe('LeaveDebate', () => {
  it('leaves the room', () => {
    given(...oxfordRoom)
      .when({ type: 'LeaveDebate', data: {} }, { actor: actors.carol, at: 9 })
      .then([{ type: 'ParticipantLeft', data: { accountId: 'carol', reason: 'left', at: at(9) } }]);
  });
  it('a speaker holding the floor ends the turn (reason left) and leaves the mesh', () => {
    given(...openFloor, { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p-a', node: 'n1', at: at(4) } }, granted(1, 'alice', 'pro', 10))
      .when({ type: 'LeaveDebate', data: {} }, { actor: actors.alice, at: 40 })
      .then([
        { type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'left', endedBy: 'alice', spokeMs: 30_000, overtimeMs: 0, at: at(40) } },
        { type: 'VoiceLeft', data: { accountId: 'alice', reason: 'left', at: at(40) } },
        { type: 'ParticipantLeft', data: { accountId: 'alice', reason: 'left', at: at(40) } },
      ]);
  });
  it('a presenter who leaves hands the slot to the next speaker', () => {
    given(...oxfordRoom, ...started,
      { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(10) } },
      granted(1, 'alice', 'pro', 10, 300_000, 'presentation'))
      .when({ type: 'LeaveDebate', data: {} }, { actor: actors.alice, at: 20 })
      .thenEmits('TurnEnded', 'TurnGranted', 'ParticipantLeft');
  });
  it('cannot leave a room one is not in', () => {
    given(...oxfordRoom).when({ type: 'LeaveDebate', data: {} }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
});

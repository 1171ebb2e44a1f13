import { describe, it } from 'vitest';
import type { DebateEvent } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, freeRound, granted, joined, openFloor, opened, oxfordRoom, scheduled, started } from './support/fixtures.ts';

const asked = (accountId = 'carol', sec = 5): DebateEvent => ({ type: 'TurnRequested', data: { accountId, side: null, at: at(sec) } });
const audit = (targetId: string | null, reason = '', sec = 60) => ({ moderatorId: 'host', targetId, reason, at: at(sec) });
const invited = (side: 'pro' | 'con' | null = 'con', accountId = 'carol', sec = 10): DebateEvent => ({
  type: 'SpeakerInvited',
  data: { ...audit(accountId, '', sec), side },
});
const accepted = (side: 'pro' | 'con' | null = 'con', sec = 60): DebateEvent[] => [
  { type: 'InvitationAccepted', data: { accountId: 'carol', invitedBy: 'host', side, at: at(sec) } },
  { type: 'SpeakerPromoted', data: { moderatorId: 'host', targetId: 'carol', reason: '', at: at(sec), side } },
];
const ended: DebateEvent = { type: 'DebateEnded', data: { by: 'host', at: at(50) } };
const freeRoom: DebateEvent[] = [scheduled('free'), opened, joined('host', 'moderator'), joined('alice', 'speaker'), joined('carol', 'audience')];

describe('Asking to speak (RaiseHand from the audience)', () => {
  it('an audience member asks before the debate starts', () => {
    given(...oxfordRoom).when({ type: 'RaiseHand', data: {} }, { actor: actors.carol, at: 5 }).then([asked()]);
  });
  it('and in any round, the preparation too (speakers raise hands on the open floor only)', () => {
    given(...oxfordRoom, ...started).when({ type: 'RaiseHand', data: {} }, { actor: actors.carol, at: 5 }).then([asked()]);
  });
  it('the request stands across rounds until a moderator answers it', () => {
    given(...oxfordRoom, asked(), ...started, { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(6) } })
      .when({ type: 'RaiseHand', data: {} }, { actor: actors.carol })
      .thenFails('HAND_ALREADY_RAISED');
  });
  it('cannot ask twice', () => {
    given(...oxfordRoom, asked()).when({ type: 'RaiseHand', data: {} }, { actor: actors.carol }).thenFails('HAND_ALREADY_RAISED');
  });
  it('withdraws the request with LowerHand', () => {
    given(...oxfordRoom, asked())
      .when({ type: 'LowerHand', data: {} }, { actor: actors.carol, at: 7 })
      .then([{ type: 'TurnRequestWithdrawn', data: { accountId: 'carol', at: at(7) } }]);
  });
  it('cannot ask while invited', () => {
    given(...oxfordRoom, invited()).when({ type: 'RaiseHand', data: {} }, { actor: actors.carol }).thenFails('ALREADY_INVITED');
  });
  it('cannot ask after the end', () => {
    given(...oxfordRoom, ended).when({ type: 'RaiseHand', data: {} }, { actor: actors.carol }).thenFails('DEBATE_ENDED');
  });
  it('"Grant next" passes over requests: they wait for an invitation', () => {
    given(...openFloor, asked('carol', 5), { type: 'TurnRequested', data: { accountId: 'alice', side: 'pro', at: at(6) } })
      .when({ type: 'GrantTurn', data: {} }, { at: 10 })
      .then([granted(1, 'alice', 'pro', 10)]);
    given(...openFloor, asked()).when({ type: 'GrantTurn', data: {} }).thenFails('QUEUE_EMPTY');
  });
});

describe('InviteToSpeak', () => {
  it('a moderator invites an audience member onto a side', () => {
    given(...oxfordRoom, asked()).when({ type: 'InviteToSpeak', data: { accountId: 'carol', side: 'con' } }).then([{ type: 'SpeakerInvited', data: { ...audit('carol'), side: 'con' } }]);
  });
  it('may invite someone who did not ask, with a reason', () => {
    given(...oxfordRoom)
      .when({ type: 'InviteToSpeak', data: { accountId: 'carol', side: 'pro', reason: 'asked in chat' } })
      .then([{ type: 'SpeakerInvited', data: { ...audit('carol', 'asked in chat'), side: 'pro' } }]);
  });
  it('the invitation answers the request: it leaves the queue', () => {
    given(...oxfordRoom, asked(), invited()).when({ type: 'LowerHand', data: {} }, { actor: actors.carol }).thenFails('HAND_NOT_RAISED');
  });
  it('free format: no side', () => {
    given(...freeRoom).when({ type: 'InviteToSpeak', data: { accountId: 'carol' } }).then([{ type: 'SpeakerInvited', data: { ...audit('carol'), side: null } }]);
    given(...freeRoom).when({ type: 'InviteToSpeak', data: { accountId: 'carol', side: 'pro' } }).thenFails('SIDE_NOT_ALLOWED');
  });
  it('oxford: a side is required', () => {
    given(...oxfordRoom).when({ type: 'InviteToSpeak', data: { accountId: 'carol' } }).thenFails('SIDE_REQUIRED');
  });
  it('only moderators invite', () => {
    given(...oxfordRoom).when({ type: 'InviteToSpeak', data: { accountId: 'carol', side: 'con' } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
  it('a speaker needs no invitation', () => {
    given(...oxfordRoom).when({ type: 'InviteToSpeak', data: { accountId: 'alice', side: 'pro' } }).thenFails('ALREADY_SPEAKER');
  });
  it('not twice', () => {
    given(...oxfordRoom, invited()).when({ type: 'InviteToSpeak', data: { accountId: 'carol', side: 'pro' } }).thenFails('ALREADY_INVITED');
  });
  it('not someone who is not in the room', () => {
    given(...oxfordRoom).when({ type: 'InviteToSpeak', data: { accountId: 'erin', side: 'pro' } }).thenFails('NOT_PARTICIPANT');
  });
});

describe('AcceptInvitation / DeclineInvitation', () => {
  it('accepting before the open floor: promoted onto the side, in the inviter’s name', () => {
    given(...oxfordRoom, invited()).when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol }).then(accepted());
  });
  it('accepting on a free open floor takes the floor at once, granted in the inviter’s name', () => {
    given(...openFloor, invited())
      .when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol, at: 60 })
      .then([...accepted(), granted(1, 'carol', 'con', 60)]);
  });
  it('accepting while someone holds the floor: promoted, and first a hand in the queue', () => {
    given(...openFloor, granted(1, 'alice', 'pro', 20), invited())
      .when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol, at: 60 })
      .then([...accepted(), { type: 'TurnRequested', data: { accountId: 'carol', side: 'con', at: at(60) } }]);
  });
  it('free format: the turn has no side', () => {
    given(...freeRoom, ...started, freeRound, invited(null))
      .when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol, at: 60 })
      .then([...accepted(null), granted(1, 'carol', null, 60)]);
  });
  it('cannot accept without an invitation, or twice', () => {
    given(...oxfordRoom).when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol }).thenFails('NOT_INVITED');
    given(...oxfordRoom, invited(), ...accepted()).when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol }).thenFails('NOT_INVITED');
  });
  it('an invitation is for the invited person only', () => {
    given(...oxfordRoom, joined('dave', 'audience'), invited()).when({ type: 'AcceptInvitation', data: {} }, { actor: actors.dave }).thenFails('NOT_INVITED');
  });
  it('declines: stays in the audience, may ask again later', () => {
    given(...oxfordRoom, invited())
      .when({ type: 'DeclineInvitation', data: {} }, { actor: actors.carol, at: 30 })
      .then([{ type: 'InvitationDeclined', data: { accountId: 'carol', invitedBy: 'host', at: at(30) } }]);
    const declined: DebateEvent = { type: 'InvitationDeclined', data: { accountId: 'carol', invitedBy: 'host', at: at(30) } };
    given(...oxfordRoom, invited(), declined).when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol }).thenFails('NOT_INVITED');
    given(...oxfordRoom, invited(), declined).when({ type: 'RaiseHand', data: {} }, { actor: actors.carol, at: 40 }).then([asked('carol', 40)]);
  });
  it('cannot decline without an invitation', () => {
    given(...oxfordRoom).when({ type: 'DeclineInvitation', data: {} }, { actor: actors.carol }).thenFails('NOT_INVITED');
  });
  it('an invitation ends when its person is promoted another way, or leaves', () => {
    given(...oxfordRoom, invited(), { type: 'SpeakerPromoted', data: { ...audit('carol', '', 20), side: 'pro' } })
      .when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol })
      .thenFails('NOT_INVITED');
    given(...oxfordRoom, invited(), { type: 'ParticipantLeft', data: { accountId: 'carol', reason: 'left', at: at(20) } }, joined('carol', 'audience'))
      .when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol })
      .thenFails('NOT_INVITED');
  });
  it('not after the end', () => {
    given(...oxfordRoom, invited(), ended).when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol }).thenFails('DEBATE_ENDED');
  });
});

describe('DismissRequest', () => {
  it('a moderator turns a request down: it leaves the queue', () => {
    given(...oxfordRoom, asked())
      .when({ type: 'DismissRequest', data: { accountId: 'carol', reason: 'off topic' } })
      .then([{ type: 'SpeakRequestDismissed', data: audit('carol', 'off topic') }]);
    given(...oxfordRoom, asked(), { type: 'SpeakRequestDismissed', data: audit('carol', '', 20) })
      .when({ type: 'LowerHand', data: {} }, { actor: actors.carol })
      .thenFails('HAND_NOT_RAISED');
  });
  it('withdraws a pending invitation', () => {
    given(...oxfordRoom, invited(), { type: 'SpeakRequestDismissed', data: audit('carol', '', 20) })
      .when({ type: 'AcceptInvitation', data: {} }, { actor: actors.carol })
      .thenFails('NOT_INVITED');
  });
  it('lowers a speaker’s raised hand too', () => {
    given(...openFloor, { type: 'TurnRequested', data: { accountId: 'alice', side: 'pro', at: at(5) } })
      .when({ type: 'DismissRequest', data: { accountId: 'alice' } })
      .then([{ type: 'SpeakRequestDismissed', data: audit('alice') }]);
  });
  it('nothing to dismiss', () => {
    given(...oxfordRoom).when({ type: 'DismissRequest', data: { accountId: 'carol' } }).thenFails('NO_REQUEST');
  });
  it('only moderators dismiss', () => {
    given(...oxfordRoom, asked()).when({ type: 'DismissRequest', data: { accountId: 'carol' } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
});

describe('SetFloorControl', () => {
  const floorOn: DebateEvent = { type: 'FloorControlChanged', data: { ...audit(null, '', 20), floorControl: true } };
  it('a moderator turns it on, with a reason', () => {
    given(...oxfordRoom)
      .when({ type: 'SetFloorControl', data: { floorControl: true, reason: 'crosstalk' } })
      .then([{ type: 'FloorControlChanged', data: { ...audit(null, 'crosstalk'), floorControl: true } }]);
  });
  it('and off again', () => {
    given(...oxfordRoom, floorOn).when({ type: 'SetFloorControl', data: { floorControl: false } }).then([{ type: 'FloorControlChanged', data: { ...audit(null), floorControl: false } }]);
  });
  it('a debate scheduled with it has it on; one scheduled before the setting existed has it off', () => {
    given(scheduled('oxford', 50, true), opened).when({ type: 'SetFloorControl', data: { floorControl: true } }).thenFails('FLOOR_CONTROL_UNCHANGED');
    given(scheduled('oxford'), opened).when({ type: 'SetFloorControl', data: { floorControl: false } }).thenFails('FLOOR_CONTROL_UNCHANGED');
  });
  it('only moderators, and not after the end', () => {
    given(...oxfordRoom).when({ type: 'SetFloorControl', data: { floorControl: true } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
    given(...oxfordRoom, ended).when({ type: 'SetFloorControl', data: { floorControl: true } }).thenFails('DEBATE_ENDED');
  });
});

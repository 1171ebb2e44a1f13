import { describe, it } from 'vitest';
import type { DebateEvent } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, granted, joined, openFloor, oxfordRoom, started } from './support/fixtures.ts';

const raised = (accountId: string, side: 'pro' | 'con' | null, sec = 5) =>
  ({ type: 'TurnRequested', data: { accountId, side, at: at(sec) } }) as const;

describe('RaiseHand / LowerHand', () => {
  it('a speaker raises a hand on the open floor', () => {
    given(...openFloor).when({ type: 'RaiseHand', data: {} }, { actor: actors.alice, at: 5 }).then([raised('alice', 'pro')]);
  });
  it('cannot raise a hand twice', () => {
    given(...openFloor, raised('alice', 'pro')).when({ type: 'RaiseHand', data: {} }, { actor: actors.alice }).thenFails('HAND_ALREADY_RAISED');
  });
  it('a raised hand from the audience is a request to speak (speaking.unit.spec.ts)', () => {
    given(...openFloor).when({ type: 'RaiseHand', data: {} }, { actor: actors.carol, at: 5 }).then([raised('carol', null)]);
  });
  it('a moderator does not raise a hand', () => {
    given(...openFloor).when({ type: 'RaiseHand', data: {} }, { actor: actors.host }).thenFails('NOT_SPEAKER');
  });
  it('hands are not raised during preparation', () => {
    given(...oxfordRoom, ...started).when({ type: 'RaiseHand', data: {} }, { actor: actors.alice }).thenFails('WRONG_ROUND');
  });
  it('hands are not raised before the debate starts', () => {
    given(...oxfordRoom).when({ type: 'RaiseHand', data: {} }, { actor: actors.alice }).thenFails('DEBATE_NOT_LIVE');
  });
  it('the floor holder cannot raise a hand', () => {
    given(...openFloor, granted(1, 'alice', 'pro', 5)).when({ type: 'RaiseHand', data: {} }, { actor: actors.alice }).thenFails('ALREADY_SPEAKING');
  });
  it('someone not in the room cannot raise a hand', () => {
    given(...openFloor).when({ type: 'RaiseHand', data: {} }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
  it('lowers a raised hand', () => {
    given(...openFloor, raised('bob', 'con'))
      .when({ type: 'LowerHand', data: {} }, { actor: actors.bob, at: 7 })
      .then([{ type: 'TurnRequestWithdrawn', data: { accountId: 'bob', at: at(7) } }]);
  });
  it('cannot lower a hand that is not raised', () => {
    given(...openFloor).when({ type: 'LowerHand', data: {} }, { actor: actors.bob }).thenFails('HAND_NOT_RAISED');
  });
});

describe('GrantTurn', () => {
  it('grants the first hand for the default turn length', () => {
    given(...openFloor, raised('alice', 'pro')).when({ type: 'GrantTurn', data: {} }, { at: 10 }).then([granted(1, 'alice', 'pro', 10)]);
  });
  it('oxford alternates sides: after pro, the first con hand goes first', () => {
    given(...openFloor, joined('dave', 'speaker', 'pro'), granted(1, 'alice', 'pro', 5),
      { type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'yielded', endedBy: 'alice', spokeMs: 5000, overtimeMs: 0, at: at(10) } },
      raised('dave', 'pro', 11), raised('bob', 'con', 12))
      .when({ type: 'GrantTurn', data: {} }, { at: 20 })
      .then([granted(2, 'bob', 'con', 20)]);
  });
  it('grants a named speaker for a chosen duration', () => {
    given(...openFloor).when({ type: 'GrantTurn', data: { accountId: 'bob', durationMs: 60_000 } }, { at: 10 }).then([granted(1, 'bob', 'con', 10, 60_000)]);
  });
  it('grants nothing when no hand is raised', () => {
    given(...openFloor).when({ type: 'GrantTurn', data: {} }).thenFails('QUEUE_EMPTY');
  });
  it('cannot grant the floor while someone speaks', () => {
    given(...openFloor, granted(1, 'alice', 'pro', 5), raised('bob', 'con')).when({ type: 'GrantTurn', data: {} }).thenFails('TURN_IN_PROGRESS');
  });
  it('cannot grant the floor to an audience member', () => {
    given(...openFloor).when({ type: 'GrantTurn', data: { accountId: 'carol' } }).thenFails('NOT_SPEAKER');
  });
  it('cannot grant the floor to someone not in the room', () => {
    given(...openFloor).when({ type: 'GrantTurn', data: { accountId: 'erin' } }).thenFails('NOT_PARTICIPANT');
  });
  it('a non-moderator cannot grant the floor', () => {
    given(...openFloor, raised('alice', 'pro')).when({ type: 'GrantTurn', data: {} }, { actor: actors.bob }).thenFails('NOT_MODERATOR');
  });
  it('the floor is not granted during preparation', () => {
    given(...oxfordRoom, ...started).when({ type: 'GrantTurn', data: { accountId: 'alice' } }).thenFails('WRONG_ROUND');
  });
});

describe('YieldTurn / EndTurn / ExtendTurn', () => {
  const aliceSpeaks = [...openFloor, granted(1, 'alice', 'pro', 10)];
  it('the speaker yields: floor time is recorded', () => {
    given(...aliceSpeaks)
      .when({ type: 'YieldTurn', data: {} }, { actor: actors.alice, at: 55 })
      .then([{ type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'yielded', endedBy: 'alice', spokeMs: 45_000, overtimeMs: 0, at: at(55) } }]);
  });
  it('only the speaker can yield', () => {
    given(...aliceSpeaks).when({ type: 'YieldTurn', data: {} }, { actor: actors.bob }).thenFails('NOT_YOUR_TURN');
  });
  it('cannot yield when nobody has the floor', () => {
    given(...openFloor).when({ type: 'YieldTurn', data: {} }, { actor: actors.alice }).thenFails('NO_ACTIVE_TURN');
  });
  it('the moderator ends a turn, overtime included', () => {
    given(...aliceSpeaks)
      .when({ type: 'EndTurn', data: { reason: 'off topic' } }, { at: 140 })
      .then([{ type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'moderator', endedBy: 'host', spokeMs: 130_000, overtimeMs: 10_000, at: at(140) } }]);
  });
  it('a non-moderator cannot end a turn', () => {
    given(...aliceSpeaks).when({ type: 'EndTurn', data: {} }, { actor: actors.bob }).thenFails('NOT_MODERATOR');
  });
  it('cannot end a turn when nobody has the floor', () => {
    given(...openFloor).when({ type: 'EndTurn', data: {} }).thenFails('NO_ACTIVE_TURN');
  });
  it('extends the running turn from its deadline', () => {
    given(...aliceSpeaks)
      .when({ type: 'ExtendTurn', data: { ms: 30_000 } }, { at: 100 })
      .then([{ type: 'TurnExtended', data: { turnNo: 1, speaker: 'alice', byMs: 30_000, endsAt: at(160), extendedBy: 'host', at: at(100) } }]);
  });
  it('extends an overrun turn from now, not from its passed deadline', () => {
    given(...aliceSpeaks)
      .when({ type: 'ExtendTurn', data: { ms: 30_000 } }, { at: 140 })
      .then([{ type: 'TurnExtended', data: { turnNo: 1, speaker: 'alice', byMs: 30_000, endsAt: at(170), extendedBy: 'host', at: at(140) } }]);
  });
  it('a non-moderator cannot extend a turn, not even the speaker', () => {
    given(...aliceSpeaks).when({ type: 'ExtendTurn', data: { ms: 30_000 } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
  it('cannot extend a turn when nobody has the floor', () => {
    given(...openFloor).when({ type: 'ExtendTurn', data: { ms: 30_000 } }).thenFails('NO_ACTIVE_TURN');
  });
});

describe('timekeeper commands: IssueTurnWarning / ExpireTurn', () => {
  const aliceSpeaks = [...openFloor, granted(1, 'alice', 'pro', 10)]; // ends at 130 s
  const sys = { actor: actors.system };
  it('issues the 30 s warning once it is due', () => {
    given(...aliceSpeaks)
      .when({ type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 30_000 } }, { ...sys, at: 100 })
      .then([{ type: 'TurnWarningIssued', data: { turnNo: 1, speaker: 'alice', remainingMs: 30_000, at: at(100) } }]);
  });
  it('issues each warning once per turn', () => {
    given(...aliceSpeaks, { type: 'TurnWarningIssued', data: { turnNo: 1, speaker: 'alice', remainingMs: 30_000, at: at(100) } })
      .when({ type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 30_000 } }, { ...sys, at: 101 })
      .thenFails('WARNING_ALREADY_ISSUED');
  });
  it('holds a warning back when the turn was extended meanwhile', () => {
    given(...aliceSpeaks, { type: 'TurnExtended', data: { turnNo: 1, speaker: 'alice', byMs: 60_000, endsAt: at(190), extendedBy: 'host', at: at(90) } })
      .when({ type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 30_000 } }, { ...sys, at: 100 })
      .thenFails('WARNING_NOT_DUE');
  });
  it('expires the turn at its deadline', () => {
    given(...aliceSpeaks)
      .when({ type: 'ExpireTurn', data: { turnNo: 1 } }, { ...sys, at: 130 })
      .then([{ type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'expired', endedBy: 'system', spokeMs: 120_000, overtimeMs: 0, at: at(130) } }]);
  });
  it('does not expire a turn that was extended', () => {
    given(...aliceSpeaks, { type: 'TurnExtended', data: { turnNo: 1, speaker: 'alice', byMs: 60_000, endsAt: at(190), extendedBy: 'host', at: at(90) } })
      .when({ type: 'ExpireTurn', data: { turnNo: 1 } }, { ...sys, at: 130 })
      .thenFails('TURN_NOT_EXPIRED');
  });
  it('does not expire a turn that already ended', () => {
    given(...aliceSpeaks, { type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'yielded', endedBy: 'alice', spokeMs: 1000, overtimeMs: 0, at: at(11) } })
      .when({ type: 'ExpireTurn', data: { turnNo: 1 } }, { ...sys, at: 130 })
      .thenFails('TURN_NOT_CURRENT');
  });
  it('people cannot expire turns, not even a moderator', () => {
    given(...aliceSpeaks).when({ type: 'ExpireTurn', data: { turnNo: 1 } }, { actor: actors.host, at: 130 }).thenFails('SYSTEM_ONLY');
  });
  it('people cannot issue time warnings, not even a moderator', () => {
    given(...aliceSpeaks).when({ type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 30_000 } }, { actor: actors.host, at: 100 }).thenFails('SYSTEM_ONLY');
  });
  it('does not warn for a turn that already ended', () => {
    given(...aliceSpeaks, { type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'yielded', endedBy: 'alice', spokeMs: 1000, overtimeMs: 0, at: at(11) } })
      .when({ type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 30_000 } }, { ...sys, at: 100 })
      .thenFails('TURN_NOT_CURRENT');
  });
});

describe('presentation round hand-over', () => {
  const presenting: DebateEvent[] = [
    ...oxfordRoom,
    ...started,
    { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(10) } },
    granted(1, 'alice', 'pro', 10, 300_000, 'presentation'),
  ];
  it('expiry of a slot passes the floor to the next presenter', () => {
    given(...presenting)
      .when({ type: 'ExpireTurn', data: { turnNo: 1 } }, { actor: actors.system, at: 310 })
      .then([
        { type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'expired', endedBy: 'system', spokeMs: 300_000, overtimeMs: 0, at: at(310) } },
        { type: 'TurnGranted', data: { turnNo: 2, speaker: 'bob', side: 'con', kind: 'presentation', durationMs: 300_000, grantedBy: 'system', startedAt: at(310), endsAt: at(610) } },
      ]);
  });
  it('after the last slot the debate moves to the open floor by itself', () => {
    given(...presenting,
      { type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'yielded', endedBy: 'alice', spokeMs: 1000, overtimeMs: 0, at: at(11) } },
      granted(2, 'bob', 'con', 11, 300_000, 'presentation'))
      .when({ type: 'YieldTurn', data: {} }, { actor: actors.bob, at: 71 })
      .then([
        { type: 'TurnEnded', data: { turnNo: 2, speaker: 'bob', reason: 'yielded', endedBy: 'bob', spokeMs: 60_000, overtimeMs: 0, at: at(71) } },
        { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'bob', at: at(71) } },
      ]);
  });
  it('a presenter who left before their slot is skipped', () => {
    given(...presenting, { type: 'ParticipantLeft', data: { accountId: 'bob', reason: 'left', at: at(20) } })
      .when({ type: 'YieldTurn', data: {} }, { actor: actors.alice, at: 30 })
      .thenEmits('TurnEnded', 'RoundStarted');
  });
});

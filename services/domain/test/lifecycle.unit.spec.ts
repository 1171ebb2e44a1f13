import { describe, it } from 'vitest';
import { given } from './support/given.ts';
import { actors, at, book, granted, joined, opened, oxfordRoom, scheduled, started } from './support/fixtures.ts';

describe('CreateDebate', () => {
  it('schedules a debate hosted by the creator, with defaults applied (oxford: floor control on)', () => {
    given()
      .when({ type: 'CreateDebate', data: { title: 'Is Dorothea a fool?', book, motion: 'This house believes Dorothea chose wisely', format: 'oxford' } }, { at: 0 })
      .then([scheduled('oxford', 50, true)]);
  });
  it('a free debate starts without floor control, unless asked for', () => {
    const create = (floorControl?: boolean) =>
      ({ type: 'CreateDebate', data: { title: 'Is Dorothea a fool?', book, motion: 'This house believes Dorothea chose wisely', format: 'free', ...(floorControl === undefined ? {} : { floorControl }) } }) as const;
    given().when(create(), { at: 0 }).then([scheduled('free', 50, false)]);
    given().when(create(true), { at: 0 }).then([scheduled('free', 50, true)]);
  });
  it('an oxford debate may start without floor control', () => {
    given()
      .when({ type: 'CreateDebate', data: { title: 'Is Dorothea a fool?', book, motion: 'This house believes Dorothea chose wisely', format: 'oxford', floorControl: false } }, { at: 0 })
      .then([scheduled('oxford', 50, false)]);
  });
  it('an accounts-only debate records its access right after scheduling', () => {
    given()
      .when({ type: 'CreateDebate', data: { title: 'Is Dorothea a fool?', book, motion: 'This house believes Dorothea chose wisely', format: 'oxford', accountsOnly: true } }, { at: 0 })
      .then([scheduled('oxford', 50, true), { type: 'RoomAccessChanged', data: { moderatorId: 'host', targetId: null, reason: '', accountsOnly: true, at: at(0) } }]);
  });
  it('cannot create a debate twice', () => {
    given(scheduled())
      .when({ type: 'CreateDebate', data: { title: 'Again', book, motion: 'Same motion', format: 'free' } })
      .thenFails('DEBATE_EXISTS');
  });
});

describe('OpenDebate', () => {
  it('opens a scheduled debate', () => {
    given(scheduled()).when({ type: 'OpenDebate', data: {} }, { at: 1 }).then([opened]);
  });
  it('cannot open a debate that does not exist', () => {
    given().when({ type: 'OpenDebate', data: {} }).thenFails('DEBATE_NOT_FOUND');
  });
  it('a non-moderator cannot open the debate', () => {
    given(scheduled()).when({ type: 'OpenDebate', data: {} }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
  it('cannot open a debate twice', () => {
    given(scheduled(), opened).when({ type: 'OpenDebate', data: {} }).thenFails('INVALID_STATUS');
  });
});

describe('StartDebate', () => {
  it('goes live in the PREPARATION round', () => {
    given(...oxfordRoom).when({ type: 'StartDebate', data: {} }, { at: 2 }).then(started);
  });
  it('cannot start before the room is open', () => {
    given(scheduled()).when({ type: 'StartDebate', data: {} }).thenFails('INVALID_STATUS');
  });
  it('a speaker cannot start the debate', () => {
    given(...oxfordRoom).when({ type: 'StartDebate', data: {} }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
});

describe('AdvanceRound', () => {
  it('PREPARATION → PRESENTATION grants the first speaker in join order one slot', () => {
    given(...oxfordRoom, ...started)
      .when({ type: 'AdvanceRound', data: {} }, { at: 10 })
      .then([
        { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(10) } },
        granted(1, 'alice', 'pro', 10, 300_000, 'presentation'),
      ]);
  });
  it('PREPARATION → straight to FREE when nobody presents', () => {
    given(scheduled(), opened, ...started)
      .when({ type: 'AdvanceRound', data: {} })
      .thenEmits('RoundStarted', 'RoundStarted');
  });
  it('PRESENTATION → FREE early ends the running slot first', () => {
    given(...oxfordRoom, ...started,
      { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(10) } },
      granted(1, 'alice', 'pro', 10, 300_000, 'presentation'))
      .when({ type: 'AdvanceRound', data: { to: 'FREE' } }, { at: 70 })
      .then([
        { type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'moderator', endedBy: 'host', spokeMs: 60_000, overtimeMs: 0, at: at(70) } },
        { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at: at(70) } },
      ]);
  });
  it('there is no round after the open floor', () => {
    given(...oxfordRoom, ...started, { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at: at(3) } })
      .when({ type: 'AdvanceRound', data: {} })
      .thenFails('NO_NEXT_ROUND');
  });
  it('cannot skip a round', () => {
    given(...oxfordRoom, ...started).when({ type: 'AdvanceRound', data: { to: 'FREE' } }).thenFails('WRONG_ROUND');
  });
  it('rounds do not advance before the start', () => {
    given(...oxfordRoom).when({ type: 'AdvanceRound', data: {} }).thenFails('DEBATE_NOT_LIVE');
  });
  it('a speaker cannot advance the round', () => {
    given(...oxfordRoom, ...started).when({ type: 'AdvanceRound', data: {} }, { actor: actors.bob }).thenFails('NOT_MODERATOR');
  });
});

describe('EndDebate', () => {
  it('ends the running turn, closes open votes, then ends the debate', () => {
    given(...oxfordRoom, ...started,
      { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at: at(3) } },
      { type: 'VoteOpened', data: { voteId: 'v1', question: 'Who won?', options: ['pro', 'con'], sides: ['pro', 'con'], kind: 'post', openedBy: 'host', at: at(4) } },
      granted(1, 'bob', 'con', 5))
      .when({ type: 'EndDebate', data: {} }, { at: 35 })
      .then([
        { type: 'TurnEnded', data: { turnNo: 1, speaker: 'bob', reason: 'moderator', endedBy: 'host', spokeMs: 30_000, overtimeMs: 0, at: at(35) } },
        { type: 'VoteClosed', data: { voteId: 'v1', closedBy: 'host', tallies: { pro: 0, con: 0 }, at: at(35) } },
        { type: 'DebateEnded', data: { by: 'host', at: at(35) } },
      ]);
  });
  it('closes every voice session at the end, so nothing in voice outlives the debate', () => {
    given(...oxfordRoom,
      { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'pa', node: 'n', at: at(4) } },
      { type: 'VoiceJoined', data: { accountId: 'bob', peerId: 'pb', node: 'n', at: at(4) } })
      .when({ type: 'EndDebate', data: {} }, { at: 9 })
      .then([
        { type: 'VoiceLeft', data: { accountId: 'alice', reason: 'ended', at: at(9) } },
        { type: 'VoiceLeft', data: { accountId: 'bob', reason: 'ended', at: at(9) } },
        { type: 'DebateEnded', data: { by: 'host', at: at(9) } },
      ]);
  });
  it('cannot end a debate twice', () => {
    given(...oxfordRoom, { type: 'DebateEnded', data: { by: 'host', at: at(5) } })
      .when({ type: 'EndDebate', data: {} })
      .thenFails('DEBATE_ENDED');
  });
  it('the audience cannot end the debate', () => {
    given(...oxfordRoom).when({ type: 'EndDebate', data: {} }, { actor: actors.carol }).thenFails('NOT_MODERATOR');
  });
});

describe('UpdatePresentation', () => {
  const notes = 'Dorothea marries Casaubon (p. 12) and regrets it, pp. 40-42.';
  it('stores a speaker’s notes with the page references found in them', () => {
    given(...oxfordRoom, ...started)
      .when({ type: 'UpdatePresentation', data: { content: notes } }, { actor: actors.alice, at: 5 })
      .then([{ type: 'PresentationUpdated', data: { accountId: 'alice', content: notes, pageRefs: [12, 40, 41, 42], at: at(5) } }]);
  });
  it('stays editable for a speaker whose slot is still to come', () => {
    given(...oxfordRoom, ...started,
      { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(10) } },
      granted(1, 'alice', 'pro', 10, 300_000, 'presentation'))
      .when({ type: 'UpdatePresentation', data: { content: 'late edit' } }, { actor: actors.bob })
      .thenEmits('PresentationUpdated');
  });
  it('a presentation is locked once its slot has begun', () => {
    given(...oxfordRoom, ...started,
      { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(10) } },
      granted(1, 'alice', 'pro', 10, 300_000, 'presentation'))
      .when({ type: 'UpdatePresentation', data: { content: 'too late' } }, { actor: actors.alice })
      .thenFails('PRESENTATION_LOCKED');
  });
  it('presentations are locked on the open floor', () => {
    given(...oxfordRoom, ...started, { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at: at(3) } })
      .when({ type: 'UpdatePresentation', data: { content: 'x' } }, { actor: actors.alice })
      .thenFails('PRESENTATION_LOCKED');
  });
  it('the audience writes no presentation', () => {
    given(...oxfordRoom).when({ type: 'UpdatePresentation', data: { content: 'x' } }, { actor: actors.carol }).thenFails('NOT_SPEAKER');
  });
  it('someone not in the room writes no presentation', () => {
    given(...oxfordRoom).when({ type: 'UpdatePresentation', data: { content: 'x' } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
  it('presentations are locked after the end', () => {
    given(...oxfordRoom, { type: 'DebateEnded', data: { by: 'host', at: at(5) } })
      .when({ type: 'UpdatePresentation', data: { content: 'x' } }, { actor: actors.alice })
      .thenFails('DEBATE_ENDED');
  });
  it('a debate that does not exist takes no presentation', () => {
    given().when({ type: 'UpdatePresentation', data: { content: 'x' } }, { actor: actors.alice }).thenFails('DEBATE_NOT_FOUND');
  });
});

describe('a moderator who joins late keeps moderator rights', () => {
  it('joins as moderator whatever role was asked', () => {
    given(scheduled('free'), opened)
      .when({ type: 'JoinDebate', data: { role: 'speaker' } }, { at: 1 })
      .then([joined('host', 'moderator')]);
  });
});

import { describe, expect, it } from 'vitest';
import { type DebateEvent, foldEvents, initialDebateState } from '@booktalk/contracts';
import { TIMER_NEUTRAL_EVENT_TYPES, dueTimers, nextWakeUp, timerNeutral, turnTimers } from '../src/index.ts';
import { DEBATE_ID, T0, at, granted, openFloor } from './support/fixtures.ts';

const stateOf = (...events: DebateEvent[]) => foldEvents(events, initialDebateState(DEBATE_ID));
const atSec = (sec: number) => new Date(T0 + sec * 1000);
const running = [...openFloor, granted(1, 'alice', 'pro', 10)]; // 120 s turn: 10 s → 130 s
const warned = stateOf(...running, { type: 'TurnWarningIssued', data: { turnNo: 1, speaker: 'alice', remainingMs: 30_000, at: at(100) } });

describe('timekeeper schedule', () => {
  it('arms the 30 s and 10 s warnings and the expiry from the turn deadline', () => {
    expect(turnTimers(stateOf(...running)).map((t) => [t.at.toISOString(), t.command])).toEqual([
      [at(100), { type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 30_000 } }],
      [at(120), { type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 10_000 } }],
      [at(130), { type: 'ExpireTurn', data: { turnNo: 1 } }],
    ]);
  });
  it('wakes up for the first timer', () => {
    expect(nextWakeUp(stateOf(...running))).toEqual(atSec(100));
  });
  it('nothing is due before the first warning', () => {
    expect(dueTimers(stateOf(...running), atSec(99))).toEqual([]);
  });
  it('exactly the 30 s warning is due at its time', () => {
    expect(dueTimers(stateOf(...running), atSec(100)).map((t) => t.command)).toEqual([{ type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 30_000 } }]);
  });
  it('an issued warning is not armed again (exactly once per turn)', () => {
    expect(turnTimers(warned).map((t) => t.at.toISOString())).toEqual([at(120), at(130)]);
  });
  it('nothing is due between an issued warning and the next one', () => {
    expect(dueTimers(warned, atSec(110))).toEqual([]);
  });
  it('after a restart past the deadline only the expiry fires', () => {
    expect(dueTimers(stateOf(...running), atSec(500)).map((t) => t.command)).toEqual([{ type: 'ExpireTurn', data: { turnNo: 1 } }]);
  });
  it('after a restart between two warnings only the most urgent one fires', () => {
    expect(dueTimers(stateOf(...running), atSec(125)).map((t) => t.command)).toEqual([{ type: 'IssueTurnWarning', data: { turnNo: 1, remainingMs: 10_000 } }]);
  });
  it('an extension moves every timer to the new deadline', () => {
    const extended = stateOf(...running, { type: 'TurnExtended', data: { turnNo: 1, speaker: 'alice', byMs: 60_000, endsAt: at(190), extendedBy: 'host', at: at(50) } });
    expect(turnTimers(extended).map((t) => t.at.toISOString())).toEqual([at(160), at(180), at(190)]);
  });
  it('arms no timers without a running turn', () => {
    expect(turnTimers(stateOf(...openFloor))).toEqual([]);
  });
  it('arms no warning longer than the turn itself', () => {
    const short = stateOf(...openFloor, granted(1, 'bob', 'con', 10, 20_000));
    expect(turnTimers(short).map((t) => t.command.type)).toEqual(['IssueTurnWarning', 'ExpireTurn']);
  });
});

// The events the timekeeper does not reload a debate for: one sample of each, applied over a
// running turn by its own speaker where the event has one (the likeliest way to touch the turn).
const t = at(20);
const timerNeutralSamples: DebateEvent[] = [
  { type: 'MessagePosted', data: { messageId: 'm1', authorId: 'alice', kind: 'question', text: 'Why?', at: t } },
  { type: 'MessageHidden', data: { moderatorId: 'host', targetId: 'alice', reason: 'spam', messageId: 'm1', at: t } },
  { type: 'QuestionAnswered', data: { messageId: 'm1', answeredBy: 'alice', at: t } },
  { type: 'VoteOpened', data: { voteId: 'v1', question: 'Wise?', options: ['yes', 'no'], sides: null, kind: 'poll', openedBy: 'host', at: t } },
  { type: 'VoteCast', data: { voteId: 'v1', accountId: 'alice', option: 'yes', at: t } },
  { type: 'VoteChanged', data: { voteId: 'v1', accountId: 'alice', from: 'yes', to: 'no', at: t } },
  { type: 'VoteClosed', data: { voteId: 'v1', closedBy: 'host', tallies: { yes: 0, no: 1 }, at: t } },
  { type: 'TurnRequested', data: { accountId: 'bob', side: 'con', at: t } },
  { type: 'TurnRequestWithdrawn', data: { accountId: 'bob', at: t } },
  { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p1', node: 'n', at: t } },
  { type: 'VoiceLeft', data: { accountId: 'alice', reason: 'disconnected', at: t } },
  { type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 300, candidateType: 'host', at: t } },
  { type: 'PeerLinkFailed', data: { a: 'alice', b: 'bob', attempt: 1, at: t } },
  { type: 'VoiceRejoinAttempted', data: { accountId: 'alice', attempt: 1, at: t } },
  { type: 'VoiceRejoinAbandoned', data: { accountId: 'alice', attempts: 5, at: t } },
  { type: 'StagePublished', data: { accountId: 'alice', feedId: 7, node: 'n', at: t } },
  { type: 'StageUnpublished', data: { accountId: 'alice', feedId: 7, reason: 'left', at: t } },
  { type: 'StageListenerSubscribed', data: { accountId: 'carol', node: 'n', at: t } },
  { type: 'StageListenerLeft', data: { accountId: 'carol', reason: 'left', at: t } },
  { type: 'StageSfuFailed', data: { node: 'n', op: 'connection', at: t } },
];

describe('timer-neutral events', () => {
  it('has a sample here for every type in the list', () => {
    expect(new Set(timerNeutralSamples.map((e) => e.type))).toEqual(TIMER_NEUTRAL_EVENT_TYPES);
  });
  it.each(timerNeutralSamples.map((e, i) => [e.type, i] as const))('%s over a running turn leaves its timers as they were', (_type, i) => {
    // Each sample after those before it (a vote is opened before it is cast, and so on).
    const before = stateOf(...running, ...timerNeutralSamples.slice(0, i));
    const after = stateOf(...running, ...timerNeutralSamples.slice(0, i + 1));
    expect(after.status).toBe(before.status);
    expect(after.currentTurn).toEqual(before.currentTurn);
    expect(turnTimers(after)).toEqual(turnTimers(before));
  });
  it('calls a change neutral only when every event in it is', () => {
    expect(timerNeutral(['MessagePosted', 'VoteCast'])).toBe(true);
    expect(timerNeutral(['MessagePosted', 'TurnEnded'])).toBe(false);
    expect(timerNeutral(['ParticipantLeft'])).toBe(false);
    expect(timerNeutral([])).toBe(false);
  });
});

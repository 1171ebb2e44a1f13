import { describe, expect, it } from 'vitest';
import { type DebateEvent, foldEvents, initialDebateState } from '@booktalk/contracts';
import { dueTimers, nextWakeUp, turnTimers } from '../src/index.ts';
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

import { type DebateEvent, type DebateState, evolve } from '@booktalk/contracts';
import { describe, expect, it } from 'vitest';
import { FoldCheckpoints, type TimedEvent, eventTime, lastIndexWhere } from '../../src/replay/checkpoints.ts';
import { T0, debateEvents, foldAll } from '../fixtures/debate.ts';

/** The fixture's events, then hands raised and lowered so the stream is long enough for several checkpoints. */
function longStream(n: number): DebateEvent[] {
  const events = debateEvents();
  for (let i = 0; events.length < n; i++) {
    const at = new Date(T0 + (100 + i) * 1000).toISOString();
    events.push(i % 2 === 0 ? { type: 'TurnRequested', data: { accountId: 'pro1', side: 'pro', at } } : { type: 'TurnRequestWithdrawn', data: { accountId: 'pro1', at } });
  }
  return events;
}
const timed = (events: DebateEvent[]): TimedEvent[] => events.map((event, i) => ({ event, position: String(1000 + i * 3), atMs: eventTime(event) }));

function counting() {
  const calls = { n: 0 };
  const f = (s: DebateState, e: DebateEvent) => {
    calls.n++;
    return evolve(s, e);
  };
  return { calls, f };
}

describe('fold checkpoints', () => {
  const events = longStream(57);

  it('gives the state after every event, the same as folding from the start', () => {
    const fold = new FoldCheckpoints('d1', 8);
    fold.append(timed(events));
    for (let i = 0; i < events.length; i++) expect(fold.stateAt(i)).toEqual(foldAll(events.slice(0, i + 1)));
  });

  it('folds fewer than N events to reach any event', () => {
    const { calls, f } = counting();
    const fold = new FoldCheckpoints('d1', 8, f);
    fold.append(timed(events));
    for (const i of [50, 3, 41, 17, 55, 0]) {
      calls.n = 0;
      fold.stateAt(i);
      expect(calls.n).toBeLessThan(8);
    }
  });

  it('folds one event per step when playing forward', () => {
    const { calls, f } = counting();
    const fold = new FoldCheckpoints('d1', 50, f);
    fold.append(timed(events));
    fold.stateAt(10);
    calls.n = 0;
    fold.stateAt(11);
    expect(calls.n).toBe(1);
  });

  it('folds each appended event once, checkpoints included', () => {
    const { calls, f } = counting();
    const fold = new FoldCheckpoints('d1', 8, f);
    fold.append(timed(events.slice(0, 30)));
    fold.append(timed(events).slice(30));
    expect(calls.n).toBe(events.length);
    expect(fold.stateAt(events.length - 1)).toEqual(foldAll(events));
  });

  it('finds the last event at or below a position and at or before an instant', () => {
    const fold = new FoldCheckpoints('d1', 8);
    fold.append(timed(events));
    expect(fold.indexAtPosition('999')).toBe(-1);
    expect(fold.indexAtPosition('1004')).toBe(1);
    expect(fold.indexAtTime(T0 + 4_500)).toBe(4);
    expect(fold.stateAt(-1).status).toBe('none');
  });

  it('refuses an event that is not after the last one, and an index it does not have', () => {
    const fold = new FoldCheckpoints('d1', 8);
    fold.append(timed(events).slice(0, 2));
    expect(() => fold.append([timed(events)[0]!])).toThrow(/not after/);
    expect(() => fold.stateAt(2)).toThrow(RangeError);
    expect(() => new FoldCheckpoints('d1', 0)).toThrow(RangeError);
  });
});

describe('lastIndexWhere', () => {
  it('finds the boundary of a true-then-false predicate', () => {
    const xs = [1, 3, 3, 5, 9];
    expect(lastIndexWhere(xs.length, (i) => xs[i]! <= 3)).toBe(2);
    expect(lastIndexWhere(xs.length, (i) => xs[i]! <= 0)).toBe(-1);
    expect(lastIndexWhere(xs.length, (i) => xs[i]! <= 99)).toBe(4);
  });
});

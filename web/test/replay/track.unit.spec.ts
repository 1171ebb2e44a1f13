import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../src/api/afterDebate.ts';
import { categoryOf, formatT, indexAtOffset, indexAtPosition, markers, originOf, parseT, turnSpans } from '../../src/replay/track.ts';

const T0 = Date.parse('2026-03-01T18:00:00.000Z');
const item = (position: number, type: string, offsetMs: number): TimelineItem => ({ position: String(position), type, at: new Date(T0 + offsetMs).toISOString(), offsetMs, actorId: 'host1', summary: `${type} at ${offsetMs}` });
const items = [
  item(10, 'DebateScheduled', -5_000),
  item(11, 'DebateStarted', 0),
  item(12, 'TurnGranted', 1_000),
  item(13, 'TurnEnded', 30_000),
  item(14, 'VoteOpened', 30_000),
  item(15, 'TurnGranted', 31_000),
  item(16, 'ParticipantMuted', 40_000),
];
const facts = { 2: { turnNo: 1, accountId: 'pro1', displayName: 'Jae-won', side: 'pro' as const, kind: 'presentation' as const }, 5: { turnNo: 2, accountId: 'con1', displayName: 'Ada', side: 'con' as const, kind: 'open' as const } };

describe('replay track', () => {
  it('finds the last item at or before an offset, the last of equal offsets', () => {
    expect(indexAtOffset(items, -6_000)).toBe(-1);
    expect(indexAtOffset(items, 500)).toBe(1);
    expect(indexAtOffset(items, 30_000)).toBe(4);
    expect(indexAtOffset(items, 99_000)).toBe(6);
    expect(indexAtPosition(items, '13')).toBe(3);
  });

  it('puts the origin where offset 0 is', () => {
    expect(originOf(items)).toBe(T0);
    expect(originOf([])).toBeNull();
  });

  it('makes one span per grant, ended by the next TurnEnded, open while it runs', () => {
    const spans = turnSpans(items, (i) => facts[i as 2 | 5] ?? null);
    expect(spans.map((s) => [s.accountId, s.side, s.startMs, s.endMs])).toEqual([
      ['pro1', 'pro', 1_000, 30_000],
      ['con1', 'con', 31_000, null],
    ]);
  });

  it('marks turns by the side they went to, votes and moderation', () => {
    const spans = turnSpans(items, (i) => facts[i as 2 | 5] ?? null);
    expect(markers(items, spans).map((m) => [m.index, m.kind])).toEqual([
      [2, 'turn-pro'],
      [4, 'vote'],
      [5, 'turn-con'],
      [6, 'moderation'],
    ]);
  });

  it('groups event types for the list', () => {
    expect(['TurnGranted', 'VoteCast', 'ParticipantMuted', 'MessagePosted', 'ParticipantJoined', 'PeerLinkFailed', 'DebateEnded'].map(categoryOf)).toEqual([
      'turn', 'vote', 'moderation', 'chat', 'room', 'voice', 'debate',
    ]);
  });

  it('writes ?t= as seconds to the millisecond and reads it back', () => {
    expect(formatT(12_000)).toBe('12');
    expect(formatT(-1_500)).toBe('-1.5');
    expect(formatT(61_234)).toBe('61.234');
    expect(parseT('61.234')).toBe(61_234);
    expect(parseT('-1.5')).toBe(-1_500);
  });

  it('ignores a ?t= that is not a number of seconds', () => {
    expect([parseT('abc'), parseT('1e9'), parseT(''), parseT(undefined), parseT(['1'])]).toEqual([null, null, null, null, null]);
  });
});

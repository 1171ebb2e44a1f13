import { describe, expect, it } from 'vitest';
import { fairness, sideOfOption, speakingTime, voteResults } from '../src/index.ts';
import { csvCell } from '../src/read/audit.ts';

describe('fairness', () => {
  it('is 1 for equal shares, 0 when one group holds the floor, linear in between', () => {
    expect(fairness([100, 100])).toBe(1);
    expect(fairness([100, 0])).toBe(0);
    expect(fairness([140, 210])).toBe(0.8); // max share 0.6: 1 − 0.1 / 0.5
    expect(fairness([1, 1, 1, 1])).toBe(1);
    expect(fairness([2, 1, 1, 0])).toBe(0.6667); // max 0.5, equal 0.25: 1 − 0.25 / 0.75
  });
  it('is null without floor time or with a single group', () => {
    expect(fairness([0, 0])).toBeNull();
    expect(fairness([100])).toBeNull();
  });
});

describe('speakingTime', () => {
  const people = [
    { accountId: 'a', displayName: 'A', side: null, role: 'speaker' },
    { accountId: 'b', displayName: 'B', side: null, role: 'speaker' },
    { accountId: 'c', displayName: 'C', side: null, role: 'speaker' },
    { accountId: 'm', displayName: 'M', side: null, role: 'moderator' },
  ];
  it('counts silent speakers in a free debate and ignores running turns', () => {
    const st = speakingTime('d', 'free', people, [
      { accountId: 'a', side: null, kind: 'open', spokeMs: 30_000, overtimeMs: 0 },
      { accountId: 'b', side: null, kind: 'open', spokeMs: 30_000, overtimeMs: 5_000 },
      { accountId: 'a', side: null, kind: 'open', spokeMs: null, overtimeMs: null },
    ]);
    expect(st.participants.map((p) => [p.accountId, p.floorMs, p.turns, p.share])).toEqual([
      ['a', 30_000, 1, 0.5],
      ['b', 30_000, 1, 0.5],
      ['c', 0, 0, 0],
    ]);
    expect(st.sides).toEqual([]);
    expect(st.fairnessBasis).toBe('speakers');
    expect(st.fairness).toBe(0.75); // max 0.5 vs equal 1/3: 1 − (1/6) / (2/3)
  });
});

describe('votes', () => {
  // Issue 19: a Korean motion vote read as "100 % undecided … a draw", because the side of an
  // option was guessed from English words. Each option now carries the side it was opened with.
  it('counts a motion vote by the side each option declares, in any language', () => {
    const korean = (kind: 'pre' | 'post', tallies: Record<string, number>) => ({
      voteId: kind, question: '논제에 동의하십니까?', kind, status: 'closed' as const, options: ['찬성', '반대', '미정'],
      sides: ['pro', 'con', 'undecided'] as ('pro' | 'con' | 'undecided')[], tallies, ballots: 4, openedAt: '', closedAt: '',
    });
    const r = voteResults('d', [korean('pre', { 찬성: 1, 반대: 2, 미정: 1 }), korean('post', { 찬성: 3, 반대: 1, 미정: 0 })]);
    expect(r.motion.pre).toEqual({ pro: 0.25, con: 0.5, undecided: 0.25, ballots: 4 });
    expect(r.motion.post).toEqual({ pro: 0.75, con: 0.25, undecided: 0, ballots: 4 });
    expect(r.motion.swing).toEqual({ pro: 0.5, con: -0.25 });
    expect(r.motion.winner).toBe('pro');
  });
  it('reads an option’s side from the vote, not from its label', () => {
    const vote = { options: ['No', 'Yes', 'maybe'], sides: ['pro', 'con', 'undecided'] as ('pro' | 'con' | 'undecided')[] };
    expect(['No', 'Yes', 'maybe', 'gone'].map((o) => sideOfOption(vote, o))).toEqual(['pro', 'con', 'undecided', 'undecided']);
    expect(sideOfOption({ options: ['yes'], sides: null }, 'yes')).toBe('undecided');
  });
  it('computes the swing and the winner', () => {
    const sideOf = { for: 'pro', against: 'con', undecided: 'undecided' } as const;
    const vote = (kind: 'pre' | 'post', tallies: Record<string, number>) => ({
      voteId: kind, question: '?', kind, status: 'closed' as const, options: Object.keys(tallies),
      sides: Object.keys(tallies).map((o) => sideOf[o as keyof typeof sideOf]), tallies, ballots: 10, openedAt: '', closedAt: '',
    });
    const r = voteResults('d', [vote('pre', { for: 4, against: 4, undecided: 2 }), vote('post', { for: 4, against: 6, undecided: 0 })]);
    expect(r.motion.swing).toEqual({ pro: 0, con: 0.2 });
    expect(r.motion.winner).toBe('con');
    expect(r.motion.final).toBe(true);
    expect(voteResults('d', [vote('pre', { for: 1 })]).motion.winner).toBeNull();
  });
});

describe('csvCell', () => {
  it('quotes RFC 4180 style and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
  });
});

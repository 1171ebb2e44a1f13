// Issue 19: a motion vote counts by the side each option declares, so the form suggests options in
// the page's language with their sides chosen, and says what it cannot send before sending it.
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../src/i18n/index.ts';
import { blankOptions, draftProblem, motionSuggestions, openVoteFields, talliesBySide } from '../../src/room/voteDraft.ts';

const tIn = (locale: 'en' | 'ko') => {
  const { t } = createAppI18n(locale).global;
  return (key: string) => t(key);
};

describe('motion vote suggestions', () => {
  it('are worded in the page’s language, each with its side', () => {
    expect(motionSuggestions(tIn('ko'))).toEqual([
      { label: '찬성', side: 'pro' },
      { label: '반대', side: 'con' },
      { label: '미정', side: 'undecided' },
    ]);
    expect(motionSuggestions(tIn('en'))).toEqual([
      { label: 'For', side: 'pro' },
      { label: 'Against', side: 'con' },
      { label: 'Undecided', side: 'undecided' },
    ]);
  });

  it('open a vote on the motion with the sides they were given, and a poll with none', () => {
    const ko = motionSuggestions(tIn('ko'));
    expect(draftProblem('pre', ko)).toBeNull();
    expect(openVoteFields('pre', ko)).toEqual({ options: ['찬성', '반대', '미정'], sides: ['pro', 'con', 'undecided'] });
    expect(openVoteFields('poll', [{ label: ' Tea ', side: 'undecided' }, { label: 'Coffee', side: 'undecided' }, { label: '', side: 'pro' }])).toEqual({ options: ['Tea', 'Coffee'] });
  });
});

describe('draftProblem', () => {
  it('asks for a pro and a con option on a vote on the motion, not on a poll', () => {
    const noCon = [{ label: '찬성', side: 'pro' }, { label: '미정', side: 'undecided' }] as const;
    expect(draftProblem('post', [...noCon])).toBe('votes.needProAndCon');
    expect(draftProblem('poll', [...noCon])).toBeNull();
  });
  it('asks for two different options', () => {
    expect(draftProblem('poll', blankOptions())).toBe('votes.needTwoOptions');
    expect(draftProblem('poll', [{ label: 'a', side: 'undecided' }, { label: ' a', side: 'undecided' }])).toBe('votes.duplicateOption');
  });
});

describe('talliesBySide', () => {
  it('sums a motion vote’s tallies by the side of each option, whatever the labels say', () => {
    expect(talliesBySide({ options: ['강한 찬성', '찬성', '반대', '미정'], sides: ['pro', 'pro', 'con', 'undecided'], tallies: { '강한 찬성': 1, 찬성: 2, 반대: 1 } })).toEqual({ pro: 3, con: 1, undecided: 0 });
    expect(talliesBySide({ options: ['yes', 'no'], sides: null, tallies: { yes: 1 } })).toBeNull();
  });
});

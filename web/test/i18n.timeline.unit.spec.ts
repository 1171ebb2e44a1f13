// The replay timeline reads in Korean on a Korean page: a template for every event type, enums
// worded, free-text reasons kept, and a hidden message never shows its text.
import { debateEventTypes } from '@booktalk/contracts';
import { describe, expect, it } from 'vitest';
import { lineText, timelineTemplateTypes } from '../src/i18n/timelineLines.ts';

describe('timeline lines in Korean', () => {
  it('has a template for every event type', () => {
    expect(debateEventTypes.filter((type) => !timelineTemplateTypes().includes(type))).toEqual([]);
  });

  it('words a turn’s end with its reason and seconds, not the English summary', () => {
    const item = { type: 'TurnEnded', summary: 'Bob ran out of time after 90 s, 3 s over', values: { speaker: 'Bob', reason: 'expired', endedBy: 'nobody', spokeMs: 90_000, spokeSeconds: 90, overtimeMs: 3_000, overtimeSeconds: 3 } };
    expect(lineText(item, 'ko')).toBe('Bob 님의 발언이 끝났습니다: 시간이 다 됨 (90초, 3초 초과)');
    expect(lineText(item, 'en')).toBe(item.summary);
  });

  it('keeps a moderator’s own reason and words the side', () => {
    const item = { type: 'SpeakerPromoted', summary: '…', values: { moderatorId: 'Mina', targetId: 'Sora', side: 'pro', reason: 'good point' } };
    expect(lineText(item, 'ko')).toBe('Mina 님이 Sora 님을 발언자로 지정했습니다 (찬성) (good point)');
    expect(lineText({ ...item, values: { ...item.values, reason: '' } }, 'ko')).toBe('Mina 님이 Sora 님을 발언자로 지정했습니다 (찬성)');
  });

  it('says a hidden message was hidden, without its text', () => {
    expect(lineText({ type: 'MessagePosted', summary: 'Emma’s question, hidden by a moderator', values: { authorId: 'Emma', kind: 'question' } }, 'ko')).toBe('Emma 님의 질문 (사회자가 숨김)');
  });

  it('falls back to the summary for a line without values (an older server)', () => {
    expect(lineText({ type: 'TurnRequested', summary: 'Bob raised a hand' }, 'ko')).toBe('Bob raised a hand');
  });
});

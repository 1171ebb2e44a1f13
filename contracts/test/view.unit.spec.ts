import { describe, expect, it } from 'vitest';
import {
  type DebateEvent,
  DebateView,
  VIEW_MESSAGES_MAX,
  VIEW_MESSAGES_TEXT_MAX,
  evolve,
  initialDebateState,
  toDebateView,
} from '../src/index.ts';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const setUp: DebateEvent[] = [
  {
    type: 'DebateScheduled',
    data: {
      debateId: 'd1', hostId: 'host', hostName: 'Host', title: 'T', book: { title: 'B', author: 'A' }, motion: 'M', format: 'free',
      maxMembers: 50, startAt: null, turnMs: 60_000, presentationMs: 60_000, at: at(0),
    },
  },
  { type: 'ParticipantJoined', data: { accountId: 'alice', displayName: 'Alice', role: 'speaker', side: null, at: at(1) } },
];
const posted = (messageId: string, ms: number, text = `text ${messageId}`, authorId = 'alice'): DebateEvent => ({
  type: 'MessagePosted',
  data: { messageId, authorId, kind: 'chat', text, at: at(ms) },
});
const viewOf = (events: DebateEvent[]) => toDebateView(events.reduce(evolve, initialDebateState('d1')), 42n);

describe('DebateView chat', () => {
  it('carries visible messages oldest first with the author’s name, kind and answered flag', () => {
    const view = viewOf([
      ...setUp,
      posted('m2', 20),
      { type: 'MessagePosted', data: { messageId: 'q1', authorId: 'alice', kind: 'question', text: 'why?', at: at(10) } },
      { type: 'QuestionAnswered', data: { messageId: 'q1', answeredBy: 'host', at: at(30) } },
    ]);
    expect(view.messages).toEqual([
      { messageId: 'q1', authorId: 'alice', authorName: 'Alice', kind: 'question', text: 'why?', answered: true, at: at(10) },
      { messageId: 'm2', authorId: 'alice', authorName: 'Alice', kind: 'chat', text: 'text m2', answered: false, at: at(20) },
    ]);
    expect(DebateView.parse(view)).toEqual(view);
  });

  it('leaves hidden messages out', () => {
    const view = viewOf([
      ...setUp,
      posted('m1', 10),
      posted('m2', 20),
      { type: 'MessageHidden', data: { moderatorId: 'host', targetId: 'alice', messageId: 'm1', reason: '', at: at(30) } },
    ]);
    expect(view.messages.map((m) => m.messageId)).toEqual(['m2']);
    expect(view.messagesOmitted).toBe(0);
  });

  it('keeps the author’s name after the author left the room', () => {
    const view = viewOf([...setUp, posted('m1', 10), { type: 'ParticipantLeft', data: { accountId: 'alice', reason: 'left', at: at(20) } }]);
    expect(view.participants).toEqual([]);
    expect(view.messages[0]?.authorName).toBe('Alice');
  });

  it(`keeps only the latest ${VIEW_MESSAGES_MAX} messages and counts the older ones`, () => {
    const extra = 7;
    const events = Array.from({ length: VIEW_MESSAGES_MAX + extra }, (_, i) => posted(`m${i}`, 10 + i));
    const view = viewOf([...setUp, ...events]);
    expect(view.messages).toHaveLength(VIEW_MESSAGES_MAX);
    expect(view.messages[0]?.messageId).toBe(`m${extra}`);
    expect(view.messages.at(-1)?.messageId).toBe(`m${VIEW_MESSAGES_MAX + extra - 1}`);
    expect(view.messagesOmitted).toBe(extra);
  });

  it('stops at the text budget, so long messages cannot make a view too big to publish', () => {
    const long = 'x'.repeat(2_000);
    const count = Math.floor(VIEW_MESSAGES_TEXT_MAX / long.length) + 5;
    const view = viewOf([...setUp, ...Array.from({ length: count }, (_, i) => posted(`m${i}`, 10 + i, long))]);
    const total = view.messages.reduce((n, m) => n + m.text.length, 0);
    expect(total).toBeLessThanOrEqual(VIEW_MESSAGES_TEXT_MAX);
    expect(view.messages).toHaveLength(Math.floor(VIEW_MESSAGES_TEXT_MAX / long.length));
    expect(view.messagesOmitted).toBe(count - view.messages.length);
    expect(view.messages.at(-1)?.messageId).toBe(`m${count - 1}`);
  });
});

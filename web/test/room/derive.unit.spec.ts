import { describe, expect, it } from 'vitest';
import { formatClock, groupBySide, isModerator, maySpeak, queuePlace, visibleMessages, warningLevel } from '../../src/room/derive.ts';
import { CON, HOST, LISTENER, PRO, debateEvents, foldAll } from '../fixtures/debate.ts';

describe('room readings of the projected state', () => {
  const state = foldAll(debateEvents());

  it('groups participants by side, audience apart', () => {
    const g = groupBySide(state);
    expect(g.pro.map((p) => p.accountId)).toEqual([PRO]);
    expect(g.con.map((p) => p.accountId)).toEqual([CON]);
    expect(g.audience.map((p) => p.accountId)).toEqual([LISTENER]);
    expect(g.none).toEqual([]);
  });

  it('gives a 1-based queue place, null when not queued', () => {
    const s = { ...state, queue: [CON, PRO] };
    expect(queuePlace(s, PRO)).toBe(2);
    expect(queuePlace(s, LISTENER)).toBeNull();
  });

  it('treats the host as a moderator', () => {
    expect(isModerator(state, HOST)).toBe(true);
    expect(isModerator(state, PRO)).toBe(false);
  });

  it('warns from 30 s and turns critical from 10 s', () => {
    expect([31_000, 30_000, 10_001, 10_000, 1, 0].map(warningLevel)).toEqual(['normal', 'warn', 'warn', 'critical', 'critical', 'over']);
  });

  it('formats the clock rounding up to the next second', () => {
    expect([90_000, 89_001, 1, 0].map(formatClock)).toEqual(['1:30', '1:30', '0:01', '0:00']);
  });

  it('drops hidden messages from the chat', () => {
    const s = { ...state, messages: { ...state.messages, m1: { ...state.messages.m1!, hidden: true } } };
    expect(visibleMessages(s).map((m) => m.messageId)).toEqual(['m2']);
  });

  it('says why someone may not speak', () => {
    const muted = { ...state, participants: { ...state.participants, [PRO]: { ...state.participants[PRO]!, muted: true } } };
    expect(maySpeak(state, CON)).toEqual({ ok: true, reason: null });
    expect(maySpeak(state, LISTENER).reason).toBe('audience');
    expect(maySpeak(muted, PRO).reason).toBe('muted');
    expect(maySpeak(state, 'stranger').reason).toBe('absent');
  });
});

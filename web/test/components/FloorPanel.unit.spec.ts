import { beforeEach, describe, expect, it } from 'vitest';
import FloorPanel from '../../src/components/room/FloorPanel.vue';
import { CON, PRO, T0, debateEvents, foldAll } from '../fixtures/debate.ts';
import { mountWith } from './mountWith.ts';

// The fixture's turn: Ada (con) from T0+9 s to T0+99 s.
const END = T0 + 99_000;
const state = foldAll(debateEvents());

beforeEach(() => localStorage.clear());

describe('FloorPanel', () => {
  it('shows the speaker and the time left', () => {
    const w = mountWith(FloorPanel, { state, selfId: PRO, now: END - 65_000 });
    expect(w.get('[data-testid=speaker]').text()).toBe('Ada has the floor');
    expect(w.get('[data-testid=countdown]').text()).toBe('1:05');
  });

  it('never shows more than the turn is long, even with a clock read before the grant', () => {
    const w = mountWith(FloorPanel, { state, selfId: PRO, now: T0 + 8_600 }); // 0.4 s before the turn started
    expect(w.get('[data-testid=countdown]').text()).toBe('1:30');
  });

  it('turns amber at 30 s and red at 10 s', async () => {
    const w = mountWith(FloorPanel, { state, selfId: PRO, now: END - 31_000 });
    expect(w.find('.floor__turn--warn').exists()).toBe(false);
    await w.setProps({ now: END - 30_000 });
    expect(w.find('.floor__turn--warn').exists()).toBe(true);
    await w.setProps({ now: END - 10_000 });
    expect(w.find('.floor__turn--critical').exists()).toBe(true);
  });

  it('announces each warning to screen readers once', async () => {
    const w = mountWith(FloorPanel, { state, selfId: PRO, now: END - 40_000 });
    const live = () => w.get('[data-testid=announcement]');
    expect(live().attributes('aria-live')).toBe('assertive');
    expect(live().text()).toBe('');
    await w.setProps({ now: END - 29_000 });
    expect(live().text()).toBe('30 seconds left for Ada');
    await w.setProps({ now: END - 9_000 });
    expect(live().text()).toBe('10 seconds left for Ada');
  });

  it('announces in Korean when the page is in Korean', async () => {
    const w = mountWith(FloorPanel, { state, selfId: PRO, now: END - 40_000 }, 'ko');
    await w.setProps({ now: END - 29_000 });
    expect(w.get('[data-testid=announcement]').text()).toBe('Ada 님의 발언 시간이 30초 남았습니다');
  });

  it('offers the holder a yield and others no yield', () => {
    expect(mountWith(FloorPanel, { state, selfId: CON, now: END - 50_000 }).text()).toContain('Yield the floor');
    expect(mountWith(FloorPanel, { state, selfId: PRO, now: END - 50_000 }).text()).not.toContain('Yield the floor');
  });

  it('shows your place in the hand queue', () => {
    const queued = { ...state, queue: ['x', PRO] };
    expect(mountWith(FloorPanel, { state: queued, selfId: PRO, now: END - 50_000 }).get('[data-testid=queue-place]').text()).toBe('You are number 2 in the queue');
  });
});

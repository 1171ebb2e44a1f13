import { describe, expect, it } from 'vitest';
import { atEnd, createClock, pause, play, seek, setSpeed, timeAt, toggle } from '../../src/replay/clock.ts';

const span = { start: -2_000, end: 60_000 };

describe('replay clock', () => {
  it('stands still while paused', () => {
    const c = createClock(1_000, 0);
    expect(timeAt(c, 50_000, span)).toBe(1_000);
  });

  it('advances by elapsed wall time times the speed while playing', () => {
    const c = play(createClock(1_000, 0, 4), 100, span);
    expect(timeAt(c, 1_100, span)).toBe(5_000);
  });

  it('keeps the playhead where it was when the speed changes', () => {
    const c1 = play(createClock(0, 0), 0, span);
    const c2 = setSpeed(c1, 8, 1_000, span);
    expect(timeAt(c2, 1_000, span)).toBe(1_000);
    expect(timeAt(c2, 2_000, span)).toBe(9_000);
  });

  it('never leaves the span', () => {
    const c = play(createClock(59_000, 0, 8), 0, span);
    expect(timeAt(c, 10_000, span)).toBe(60_000);
    expect(atEnd(c, 10_000, span)).toBe(true);
    expect(timeAt(seek(c, -50_000, 0, span), 0, span)).toBe(-2_000);
  });

  it('pauses at the playhead and resumes from there', () => {
    const c = pause(play(createClock(0, 0, 2), 0, span), 1_500, span);
    expect(c.playing).toBe(false);
    expect(timeAt(c, 9_999, span)).toBe(3_000);
    expect(timeAt(play(c, 10_000, span), 10_500, span)).toBe(4_000);
  });

  it('starts again from the start when played at the end, unless told to stay (a live end)', () => {
    const atTheEnd = createClock(60_000, 0);
    expect(timeAt(play(atTheEnd, 0, span), 0, span)).toBe(-2_000);
    expect(timeAt(play(atTheEnd, 0, span, false), 0, span)).toBe(60_000);
  });

  it('follows a span whose end moves forward (a live debate)', () => {
    const c = play(createClock(60_000, 0), 0, span, false);
    expect(timeAt(c, 5_000, { start: -2_000, end: 65_000 })).toBe(65_000);
  });

  it('keeps playing from a seek while playing', () => {
    const c = seek(play(createClock(0, 0), 0, span), 30_000, 1_000, span);
    expect(c.playing).toBe(true);
    expect(timeAt(c, 2_000, span)).toBe(31_000);
  });

  it('toggles between playing and paused', () => {
    const c = toggle(createClock(0, 0), 0, span);
    expect(c.playing).toBe(true);
    expect(toggle(c, 10, span).playing).toBe(false);
  });
});

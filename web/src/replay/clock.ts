// The replay clock, pure: where the playhead is (ms on the debate's timeline) at a given wall-clock
// reading, at 1×, 2×, 4× or 8×. The page reads it once per animation frame; tests pass the wall
// clock in, so no timer is ever needed to test it.
export const SPEEDS = [1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

export interface ReplayClock {
  /** Playhead at `anchorWall`, in ms of the debate's timeline. */
  readonly anchorT: number;
  readonly anchorWall: number;
  readonly playing: boolean;
  readonly speed: Speed;
}

/** The span the playhead may move in; `end` moves forward while a debate is live. */
export interface Span {
  start: number;
  end: number;
}

const clamp = (t: number, { start, end }: Span) => Math.min(end, Math.max(start, t));

export const createClock = (t: number, wall: number, speed: Speed = 1): ReplayClock => ({ anchorT: t, anchorWall: wall, playing: false, speed });

/** The playhead now: paused, where it was left; playing, advanced by elapsed wall time × speed; always inside the span. */
export const timeAt = (c: ReplayClock, wall: number, span: Span): number =>
  clamp(c.playing ? c.anchorT + (wall - c.anchorWall) * c.speed : c.anchorT, span);

/** At the end of the span (playback has nothing more to show, or follows a live debate's end). */
export const atEnd = (c: ReplayClock, wall: number, span: Span): boolean => timeAt(c, wall, span) >= span.end;

/** Starts playing from the playhead; from the start again when it stood at the end. */
export function play(c: ReplayClock, wall: number, span: Span, restartAtEnd = true): ReplayClock {
  const t = timeAt(c, wall, span);
  return { ...c, anchorT: restartAtEnd && t >= span.end ? span.start : t, anchorWall: wall, playing: true };
}

export const pause = (c: ReplayClock, wall: number, span: Span): ReplayClock => ({ ...c, anchorT: timeAt(c, wall, span), anchorWall: wall, playing: false });

export const toggle = (c: ReplayClock, wall: number, span: Span): ReplayClock => (c.playing ? pause(c, wall, span) : play(c, wall, span));

/** Moves the playhead; playing stays playing from there. */
export const seek = (c: ReplayClock, t: number, wall: number, span: Span): ReplayClock => ({ ...c, anchorT: clamp(t, span), anchorWall: wall });

/** A new speed from now on: the playhead does not jump. */
export const setSpeed = (c: ReplayClock, speed: Speed, wall: number, span: Span): ReplayClock => ({ ...c, anchorT: timeAt(c, wall, span), anchorWall: wall, speed });

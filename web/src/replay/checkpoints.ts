// The browser's fold of a debate's stream for the replay, with a checkpoint (the folded state)
// every N events: the state at any event is a checkpoint plus fewer than N `evolve` calls, so a
// scrub anywhere in a long debate costs one frame. Playing forward folds on from the last state
// asked for instead, one event at a time.
import { type DebateEvent, type DebateState, evolve as sharedEvolve, initialDebateState } from '@booktalk/contracts';

export interface TimedEvent {
  event: DebateEvent;
  /** Global position (decimal string). */
  position: string;
  /** The event's own instant (ms since the epoch). */
  atMs: number;
}

/** The instant an event records: a grant's start, otherwise its `at`. */
export const eventTime = (e: DebateEvent): number => Date.parse(e.type === 'TurnGranted' ? e.data.startedAt : e.data.at);

export const DEFAULT_EVERY = 100;

export class FoldCheckpoints {
  private readonly events: TimedEvent[] = [];
  /** checkpoints[k]: the state after the first k × every events. */
  private readonly checkpoints: DebateState[];
  private tip: DebateState;
  private last: { index: number; state: DebateState } | null = null;

  constructor(
    debateId: string,
    readonly every = DEFAULT_EVERY,
    private readonly evolve: (s: DebateState, e: DebateEvent) => DebateState = sharedEvolve,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, not ${every}`);
    this.tip = initialDebateState(debateId);
    this.checkpoints = [this.tip];
  }

  get length(): number {
    return this.events.length;
  }

  /** Adds events after the ones held (stream order), folding them once. */
  append(events: readonly TimedEvent[]): void {
    for (const e of events) {
      const prev = this.events.at(-1);
      if (prev && BigInt(e.position) <= BigInt(prev.position)) throw new RangeError(`event at ${e.position} is not after ${prev.position}`);
      this.events.push(e);
      this.tip = this.evolve(this.tip, e.event);
      if (this.events.length % this.every === 0) this.checkpoints.push(this.tip);
    }
  }

  /** The state after events 0..index (index −1: before the first event). */
  stateAt(index: number): DebateState {
    if (!Number.isInteger(index) || index < -1 || index >= this.events.length) throw new RangeError(`no event ${index} (have ${this.events.length})`);
    if (index === this.events.length - 1) return this.remember(index, this.tip);
    const k = Math.floor((index + 1) / this.every);
    let from = k * this.every;
    let state = this.checkpoints[k]!;
    // Folding on from the last state asked for is shorter when it lies between the checkpoint and here.
    if (this.last && this.last.index < index && this.last.index + 1 > from) {
      from = this.last.index + 1;
      state = this.last.state;
    } else if (this.last?.index === index) {
      return this.last.state;
    }
    for (let i = from; i <= index; i++) state = this.evolve(state, this.events[i]!.event);
    return this.remember(index, state);
  }

  /** Index of the last event at or below a position (−1 when none). */
  indexAtPosition(position: string): number {
    const p = BigInt(position);
    return lastIndexWhere(this.events.length, (i) => BigInt(this.events[i]!.position) <= p);
  }

  /** Index of the last event at or before an instant (−1 when none). */
  indexAtTime(ms: number): number {
    return lastIndexWhere(this.events.length, (i) => this.events[i]!.atMs <= ms);
  }

  event(index: number): TimedEvent | undefined {
    return this.events[index];
  }

  private remember(index: number, state: DebateState): DebateState {
    this.last = { index, state };
    return state;
  }
}

/** Binary search over 0..n−1 for the last i where `ok(i)` holds, given ok is true then false. */
export function lastIndexWhere(n: number, ok: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ok(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

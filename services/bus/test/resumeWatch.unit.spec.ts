// When a consumer reports that delivery resumed after a gap: the events kafkajs emits, in the
// orders a broker outage, a rebalance or a normal start produce them.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchResumes } from '../src/kafka/resumeWatch.ts';

const events = { CRASH: 'crash', GROUP_JOIN: 'group_join', FETCH: 'fetch' } as const;

/** The part of a kafkajs consumer watchResumes uses: on(event, listener) → remove. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const consumer = {
    events,
    on: (event: string, listener: () => void) => {
      emitter.on(event, listener);
      return () => void emitter.off(event, listener);
    },
  } as unknown as Parameters<typeof watchResumes>[0];
  return { consumer, emit: (event: keyof typeof events) => emitter.emit(events[event]) };
}

describe('watchResumes', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const { consumer, emit } = fakeConsumer();
    const resumed = vi.fn();
    const off = watchResumes(consumer, resumed, 5_000);
    const fetch = (afterMs = 100) => {
      vi.advanceTimersByTime(afterMs);
      emit('FETCH');
    };
    return { emit, resumed, off, fetch };
  };

  it('given a first join and steady fetches, when nothing goes wrong, then no resume is reported', () => {
    const { emit, resumed, fetch } = setup();
    emit('GROUP_JOIN');
    for (let i = 0; i < 100; i++) fetch(100);
    expect(resumed).not.toHaveBeenCalled();
  });

  it('given a crash before the first join, when the consumer joins and fetches, then no resume is reported (nothing was delivered yet)', () => {
    const { emit, resumed, fetch } = setup();
    emit('CRASH');
    emit('GROUP_JOIN');
    fetch();
    expect(resumed).not.toHaveBeenCalled();
  });

  it('given a joined consumer, when it crashes, then the first fetch after it reports one resume', () => {
    const { emit, resumed, fetch } = setup();
    emit('GROUP_JOIN');
    fetch();
    emit('CRASH');
    emit('GROUP_JOIN');
    expect(resumed).not.toHaveBeenCalled(); // not positioned yet
    fetch();
    fetch();
    expect(resumed).toHaveBeenCalledTimes(1);
  });

  it('given a joined consumer, when it joins its group again (a rebalance), then the next fetch reports a resume', () => {
    const { emit, resumed, fetch } = setup();
    emit('GROUP_JOIN');
    fetch();
    emit('GROUP_JOIN');
    fetch();
    expect(resumed).toHaveBeenCalledTimes(1);
  });

  it('given steady fetches, when the next one comes only after the gap (a broker away without a crash), then it reports a resume', () => {
    const { emit, resumed, fetch } = setup();
    emit('GROUP_JOIN');
    fetch(100);
    fetch(4_999);
    expect(resumed).not.toHaveBeenCalled();
    fetch(5_000);
    expect(resumed).toHaveBeenCalledTimes(1);
    fetch(100);
    expect(resumed).toHaveBeenCalledTimes(1);
  });

  it('given the watch was removed, when the consumer crashes and fetches again, then nothing is reported', () => {
    const { emit, resumed, off, fetch } = setup();
    emit('GROUP_JOIN');
    fetch();
    off();
    emit('CRASH');
    fetch(10_000);
    expect(resumed).not.toHaveBeenCalled();
  });
});

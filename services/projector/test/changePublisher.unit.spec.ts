// A DebateChanged the bus refused (the broker away) is sent again until the bus takes it: the
// newest of each debate, never an older one after a newer one went out.
import type { Bus } from '@booktalk/bus';
import type { DebateChanged } from '@booktalk/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangePublisher } from '../src/runner/changePublisher.ts';

const change = (debateId: string, position: number) => ({ debateId, position: String(position), eventTypes: ['MessagePosted'], state: {} }) as unknown as DebateChanged;

/** A bus that refuses every publish while `down`, and records what it took. */
function flakyBus() {
  const taken: string[] = [];
  const bus = {
    down: false,
    taken,
    publish: async (_topic: string, key: string, message: DebateChanged) => {
      if (bus.down) throw new Error('Connection error: connect ECONNREFUSED');
      taken.push(`${key}@${message.position}`);
    },
    subscribe: () => () => undefined,
    close: async () => undefined,
  };
  return bus;
}

describe('ChangePublisher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const bus = flakyBus();
    const logger = { info: vi.fn(), error: vi.fn() };
    const publisher = new ChangePublisher(bus as unknown as Bus, logger, 1_000);
    return { bus, logger, publisher };
  };

  it('given a live bus, when changes are published, then each goes out once and nothing waits', async () => {
    const { bus, publisher } = setup();
    await publisher.publish([change('a', 1), change('b', 2)]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(bus.taken).toEqual(['a@1', 'b@2']);
    expect(publisher.pending()).toBe(0);
  });

  it('given the bus refuses changes, when it takes publishes again, then the newest change of each debate goes out once', async () => {
    const { bus, logger, publisher } = setup();
    bus.down = true;
    await publisher.publish([change('a', 1), change('b', 2)]);
    await publisher.publish([change('a', 3)]);
    await vi.advanceTimersByTimeAsync(3_500); // retries meanwhile are refused too
    expect(bus.taken).toEqual([]);
    expect(publisher.pending()).toBe(2);
    expect(logger.error).toHaveBeenCalledTimes(2); // once per debate, not once per retry

    bus.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(bus.taken.sort()).toEqual(['a@3', 'b@2']);
    expect(publisher.pending()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(bus.taken).toHaveLength(2);
  });

  it('given a refused change, when a newer change of the same debate goes out first, then the older one is not sent again', async () => {
    const { bus, publisher } = setup();
    bus.down = true;
    await publisher.publish([change('a', 1)]);
    bus.down = false;
    await publisher.publish([change('a', 2)]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(bus.taken).toEqual(['a@2']);
  });

  it('given a refused change, when the publisher is stopped, then nothing is sent again', async () => {
    const { bus, publisher } = setup();
    bus.down = true;
    await publisher.publish([change('a', 1)]);
    publisher.stop();
    bus.down = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(bus.taken).toEqual([]);
  });
});

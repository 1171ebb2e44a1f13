// The group-commit writer against a fake store whose calls the test completes by hand.
import type { NewEvent } from '@booktalk/contracts';
import {
  type AppendManyResult,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  EventStoreInputError,
  WrongExpectedVersionError,
} from '@booktalk/eventstore';
import { describe, expect, it } from 'vitest';
import { GroupCommitAppender } from '../../src/commandHandling/groupCommit.ts';

interface Call {
  requests: AppendRequest[];
  many: boolean;
  resolve: (value: AppendManyResult) => void;
  reject: (error: unknown) => void;
}

/** Records append / appendMany calls and leaves them pending until the test settles them. */
function fakeStore() {
  const calls: Call[] = [];
  const pending = <T>(requests: AppendRequest[], many: boolean, unwrap: (r: AppendManyResult) => T) =>
    new Promise<T>((resolve, reject) =>
      calls.push({ requests, many, resolve: (r) => resolve(unwrap(r)), reject }),
    );
  const store = {
    append: (streamId, events, expectedVersion) =>
      pending([{ streamId, events, expectedVersion }], false, (r) => {
        if (r[0] instanceof Error) throw r[0];
        return r[0]!;
      }),
    appendMany: (requests) => pending([...requests], true, (r) => r),
  } as Pick<EventStore, 'append' | 'appendMany'> as EventStore;
  return { store, calls };
}

const events = (commandId: string): NewEvent[] => [
  { type: 'X', data: {}, metadata: { commandId, correlationId: commandId, causationId: null, actorId: 'a', node: 'n' } },
];
const written = (version: number): AppendResult => ({ nextExpectedVersion: version, position: BigInt(version + 100), duplicate: false });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitAppender', () => {
  it('sends a lone append at once, as a plain append', async () => {
    const { store, calls } = fakeStore();
    const writer = new GroupCommitAppender(store);
    const result = writer.append('s1', events('c1'), 'no_stream');
    expect(calls).toHaveLength(1); // no timer, no waiting for company
    expect(calls[0]!.many).toBe(false);
    calls[0]!.resolve([written(0)]);
    expect(await result).toEqual(written(0));
  });

  it('collects appends that arrive while a call is in flight and sends them together, each getting its own outcome', async () => {
    const { store, calls } = fakeStore();
    const writer = new GroupCommitAppender(store, { maxBatch: 3 });
    const first = writer.append('s0', events('c0'), 'any');
    const rest = ['s1', 's2', 's3', 's4'].map((s, i) => writer.append(s, events(`c${i + 1}`), i).then((r) => r, (e: unknown) => e));
    expect(calls).toHaveLength(1); // the rest wait one event-loop turn
    await flush();
    // Up to maxBatch in one appendMany, in arrival order; the one left over is low demand: at once.
    expect(calls.map((c) => [c.many, c.requests.map((r) => r.streamId)])).toEqual([
      [false, ['s0']],
      [true, ['s1', 's2', 's3']],
      [false, ['s4']],
    ]);
    calls[0]!.resolve([written(0)]);
    const conflict = new WrongExpectedVersionError('s2', 1, 4);
    calls[1]!.resolve([written(1), conflict, { ...written(3), duplicate: true }]);
    calls[2]!.resolve([written(7)]);
    expect(await first).toEqual(written(0));
    expect(await Promise.all(rest)).toEqual([written(1), conflict, { ...written(3), duplicate: true }, written(7)]);
  });

  it('retries a batch refused for malformed input one by one, so only the bad append fails', async () => {
    const { store, calls } = fakeStore();
    const writer = new GroupCommitAppender(store);
    void writer.append('s0', events('c0'), 'any');
    const good = writer.append('s1', events('c1'), 'any');
    const bad = writer.append('s2', events('c2'), 'any').catch((e: unknown) => e);
    calls[0]!.resolve([written(0)]);
    await flush();
    const refusal = new EventStoreInputError('Invalid events');
    calls[1]!.reject(refusal);
    await flush();
    expect(calls.slice(2).map((c) => [c.many, c.requests[0]!.streamId])).toEqual([[false, 's1'], [false, 's2']]);
    calls[2]!.resolve([written(1)]);
    calls[3]!.reject(refusal);
    expect(await good).toEqual(written(1));
    expect(await bad).toBe(refusal);
  });

  it('fails every append of a batch whose call failed otherwise, and keeps working', async () => {
    const { store, calls } = fakeStore();
    const writer = new GroupCommitAppender(store);
    void writer.append('s0', events('c0'), 'any');
    const batch = ['s1', 's2'].map((s) => writer.append(s, events(s), 'any').catch((e: unknown) => e));
    calls[0]!.resolve([written(0)]);
    await flush();
    const lost = new Error('connection lost');
    calls[1]!.reject(lost);
    expect(await Promise.all(batch)).toEqual([lost, lost]);
    const after = writer.append('s3', events('c3'), 'any');
    await flush();
    calls[2]!.resolve([written(0)]);
    expect(await after).toEqual(written(0));
  });

  it('keeps busyInFlight calls out while many wait (bigger batches), up to maxInFlight while few wait', async () => {
    const { store, calls } = fakeStore();
    const writer = new GroupCommitAppender(store, { maxInFlight: 3, busyInFlight: 2 });
    const append = (...streams: string[]) => streams.forEach((s) => void writer.append(s, events(s), 'any'));
    const sizes = () => calls.map((c) => c.requests.length);
    append('s0');
    append('s1', 's2', 's3');
    await flush();
    expect(sizes()).toEqual([1, 3]);
    append('s4'); // few waiting: a third call
    await flush();
    expect(sizes()).toEqual([1, 3, 1]);
    append('s5'); // maxInFlight reached
    await flush();
    expect(sizes()).toEqual([1, 3, 1]);
    append('s6', 's7');
    await flush();
    calls[0]!.resolve([written(0)]); // 2 out, 3 waiting: many, so no new call yet
    await flush();
    expect(sizes()).toEqual([1, 3, 1]);
    calls[1]!.resolve([written(1), written(2), written(3)]);
    await flush();
    expect(sizes()).toEqual([1, 3, 1, 3]);
    expect(() => new GroupCommitAppender(store, { maxBatch: 0 })).toThrow(RangeError);
  });
});

// appendMany in the contract suite: independent per-request outcomes in one call.
import { expect, it } from 'vitest';
import { EventStoreInputError, WrongExpectedVersionError, type AppendResult, type EventStore } from '../../src/index.ts';
import { commandEvents, newEvent, uniqueStream } from './fixtures.ts';

const ok = (r: AppendResult | WrongExpectedVersionError | undefined): AppendResult => {
  if (!r || r instanceof WrongExpectedVersionError) throw new Error(`expected a success, got ${String(r)}`);
  return r;
};

export function appendManyContract(getStore: () => EventStore): void {
  it('appends to several streams in one call, in request order per stream', async () => {
    const store = getStore();
    const [a, b, c] = [uniqueStream(), uniqueStream(), uniqueStream()];
    await store.append(c, commandEvents(2), 'no_stream');
    const results = await store.appendMany([
      { streamId: a, events: commandEvents(2), expectedVersion: 'no_stream' },
      { streamId: b, events: commandEvents(1), expectedVersion: 'any' },
      { streamId: c, events: commandEvents(1), expectedVersion: 1 },
      // A second request to a: applies after the first one of this call.
      { streamId: a, events: commandEvents(1), expectedVersion: 1 },
    ]);
    expect(results.map((r) => ok(r).nextExpectedVersion)).toEqual([1, 0, 2, 2]);
    expect(results.every((r) => !ok(r).duplicate)).toBe(true);
    expect(ok(results[3]).position).toBeGreaterThan(ok(results[0]).position);
    const streamA = await store.readStream(a);
    expect(streamA.map((e) => e.version)).toEqual([0, 1, 2]);
    expect(streamA.at(-1)!.position).toBe(ok(results[3]).position);
    expect((await store.readStream(b))[0]!.position).toBe(ok(results[1]).position);
    expect(await store.readStream(c)).toHaveLength(3);
    expect(await store.appendMany([])).toEqual([]);
  });

  it('gives each request its own outcome: a conflict writes nothing and does not stop the others', async () => {
    const store = getStore();
    const [fresh, existing, conflicting, repeated] = [uniqueStream(), uniqueStream(), uniqueStream(), uniqueStream()];
    await store.append(existing, commandEvents(1), 'no_stream');
    await store.append(conflicting, commandEvents(3), 'no_stream');
    const original = commandEvents(2);
    const first = await store.append(repeated, original, 'no_stream');
    const copy = commandEvents(1);

    const results = await store.appendMany([
      { streamId: fresh, events: copy, expectedVersion: 'no_stream' },
      { streamId: conflicting, events: commandEvents(1), expectedVersion: 0 },
      // Already written: the original result, even though its expected version is stale now.
      { streamId: repeated, events: original, expectedVersion: 'no_stream' },
      { streamId: existing, events: commandEvents(2), expectedVersion: 0 },
      // A copy of this call's first request: written once, answered as a duplicate.
      { streamId: fresh, events: copy, expectedVersion: 'no_stream' },
      { streamId: conflicting, events: commandEvents(1), expectedVersion: 'no_stream' },
    ]);

    expect(ok(results[0])).toMatchObject({ nextExpectedVersion: 0, duplicate: false });
    expect(results[1]).toBeInstanceOf(WrongExpectedVersionError);
    expect(results[1]).toMatchObject({ streamId: conflicting, expected: 0, actual: 2 });
    expect(ok(results[2])).toEqual({ ...first, duplicate: true });
    expect(ok(results[3])).toMatchObject({ nextExpectedVersion: 2, duplicate: false });
    expect(ok(results[4])).toEqual({ ...ok(results[0]), duplicate: true });
    expect(results[5]).toMatchObject({ streamId: conflicting, expected: 'no_stream', actual: 2 });

    expect(await store.readStream(fresh)).toHaveLength(1);
    expect(await store.readStream(conflicting)).toHaveLength(3);
    expect(await store.readStream(repeated)).toHaveLength(2);
    expect(await store.readStream(existing)).toHaveLength(3);
  });

  it('of concurrent calls racing for one stream version exactly one wins; other streams in those calls are written', async () => {
    const store = getStore();
    const contested = uniqueStream();
    await store.append(contested, commandEvents(1), 'no_stream');
    const others = Array.from({ length: 8 }, () => uniqueStream());
    const shared = [uniqueStream(), uniqueStream()];
    // Each call also writes to two shared streams, in alternating order (must not deadlock).
    const calls = others.map((other, i) =>
      store.appendMany([
        { streamId: other, events: commandEvents(1), expectedVersion: 'no_stream' },
        { streamId: shared[i % 2]!, events: commandEvents(1), expectedVersion: 'any' },
        { streamId: contested, events: commandEvents(1), expectedVersion: 0 },
        { streamId: shared[(i + 1) % 2]!, events: commandEvents(1), expectedVersion: 'any' },
      ]),
    );
    const results = await Promise.all(calls);
    const conflicts = results.flat().filter((r) => r instanceof WrongExpectedVersionError);
    expect(conflicts).toHaveLength(7);
    expect(conflicts.every((e) => e.streamId === contested && e.actual === 1)).toBe(true);
    expect(await store.readStream(contested)).toHaveLength(2);
    for (const other of others) expect(await store.readStream(other)).toHaveLength(1);
    for (const s of shared) expect((await store.readStream(s)).map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses a call with any malformed request and writes nothing', async () => {
    const store = getStore();
    const stream = uniqueStream();
    const call = store.appendMany([
      { streamId: stream, events: commandEvents(1), expectedVersion: 'no_stream' },
      { streamId: stream, events: [newEvent('A', {}), newEvent('B', {})], expectedVersion: 'any' },
    ]);
    await expect(call).rejects.toBeInstanceOf(EventStoreInputError);
    expect(await store.readStream(stream)).toEqual([]);
  });
}

// The contract's load scenario: 20 writers × 500 appends over 200 streams while a subscriber
// runs, written either one append at a time or in appendMany batches. The subscriber must see
// every event once, in order; a resume from the middle must get exactly the rest.
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '@booktalk/contracts';
import { expect } from 'vitest';
import { WrongExpectedVersionError, type AppendRequest, type EventStore, type ExpectedVersion } from '../../src/index.ts';
import { Collector, commandEvents, sleep, waitFor } from './fixtures.ts';

const WRITERS = 20;
const APPENDS_PER_WRITER = 500;

export async function subscribedLoad(store: EventStore, mode: 'append' | 'appendMany'): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const streams = Array.from({ length: 200 }, (_, i) => `load-${run}-${i}`);
  const ours = (e: StoredEvent) => e.streamId.startsWith(`load-${run}-`);
  const start = await store.headPosition();
  const live = new Collector(ours, 7);
  const sub = store.subscribeAll(start, live.handler, { batchSize: 250 });

  // Versions shared by all writers, as in one process; a conflict refreshes it and retries.
  const versions = new Map<string, number>();
  const expectedOf = (v: number | undefined): ExpectedVersion => (v === undefined || v < 0 ? 'no_stream' : v);
  const counts = { conflicts: 0, written: 0 };
  const succeeded = (stream: string, count: number, nextExpectedVersion: number) => {
    versions.set(stream, Math.max(versions.get(stream) ?? -1, nextExpectedVersion));
    counts.written += count;
  };
  const conflicted = (stream: string, error: WrongExpectedVersionError) => {
    counts.conflicts++;
    versions.set(stream, error.actual ?? -1);
  };
  const work = (w: number) =>
    Array.from({ length: APPENDS_PER_WRITER }, (_, i) => ({
      stream: streams[(w * 7919 + i * 31) % streams.length]!,
      events: commandEvents((i % 3) + 1),
    }));

  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const todo = work(w);
      if (mode === 'append') {
        for (const { stream, events } of todo) {
          for (;;) {
            try {
              const r = await store.append(stream, events, expectedOf(versions.get(stream)));
              succeeded(stream, events.length, r.nextExpectedVersion);
              break;
            } catch (error) {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
              conflicted(stream, error);
            }
          }
        }
        return;
      }
      // Batches of 1-8; an item on a stream already in the batch expects the version the earlier
      // item will leave, so same-stream ordering inside one call is exercised too. A conflict goes
      // back to the front of the queue for the next batch.
      for (let b = 0; todo.length > 0; b++) {
        const batch = todo.splice(0, 1 + ((w + b) % 8));
        const planned = new Map<string, number>();
        const requests: AppendRequest[] = batch.map(({ stream, events }) => {
          const expected = planned.get(stream) ?? versions.get(stream);
          planned.set(stream, (expected ?? -1) + events.length);
          return { streamId: stream, events, expectedVersion: expectedOf(expected) };
        });
        const results = await store.appendMany(requests);
        const retry = batch.filter((item, k) => {
          const r = results[k]!;
          if (r instanceof WrongExpectedVersionError) {
            conflicted(item.stream, r);
            return true;
          }
          expect(r.duplicate).toBe(false);
          succeeded(item.stream, item.events.length, r.nextExpectedVersion);
          return false;
        });
        todo.unshift(...retry);
      }
    }),
  );

  const truth = new Set<string>();
  for (const s of streams) for (const e of await store.readStream(s)) truth.add(e.eventId);
  expect(truth.size).toBe(counts.written);
  try {
    await waitFor(() => live.events.length >= counts.written, 90_000, `${counts.written} events to be delivered`);
    await sleep(200);
  } finally {
    await sub.stop();
  }
  expect(live.violations).toEqual([]);
  const delivered = live.events.map((e) => e.eventId);
  expect(new Set(delivered).size).toBe(delivered.length);
  expect(new Set(delivered)).toEqual(truth);
  expect(counts.conflicts).toBeGreaterThanOrEqual(0);

  const mid = Math.floor(live.events.length / 2);
  const resumed = new Collector(ours);
  const again = store.subscribeAll(live.events[mid]!.position, resumed.handler, { batchSize: 333 });
  try {
    await waitFor(() => resumed.events.length >= live.events.length - mid - 1, 60_000, 'the resumed subscription');
    await sleep(200);
  } finally {
    await again.stop();
  }
  expect(resumed.violations).toEqual([]);
  expect(resumed.events.map((e) => e.eventId)).toEqual(delivered.slice(mid + 1));
}

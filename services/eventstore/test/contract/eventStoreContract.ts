// One behavioural suite for every EventStore adapter. Tests only use streams they create, so
// they also run against a shared server that already holds events (EventStoreDB).
import type { StoredEvent } from '@booktalk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStoreInputError, WrongExpectedVersionError, type AppendResult, type EventStore } from '../../src/index.ts';
import { appendManyContract } from './appendManyContract.ts';
import { Collector, commandEvents, newEvent, sleep, uniqueStream, waitFor } from './fixtures.ts';
import { subscribedLoad } from './subscribedLoad.ts';

export interface ContractHooks {
  /**
   * Starts an append in a transaction that stays open until commit() (PostgreSQL only): lets a
   * test commit a later append before an earlier one.
   */
  holdOpenAppend?: (streamId: string) => Promise<{ commit(): Promise<void> }>;
  /** Concurrent duplicates of one command always come back as duplicate (no conflict to retry). */
  strictConcurrentDuplicates?: boolean;
}

export type StoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

export function eventStoreContract(name: string, factory: StoreFactory, hooks: ContractHooks = {}): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    }, 60_000);
    afterAll(async () => cleanup(), 60_000);

    describe('append and readStream', () => {
      it('stores events with versions from 0 and reads them back in order', async () => {
        const stream = uniqueStream();
        const first = await store.append(stream, commandEvents(2), 'no_stream');
        expect(first).toMatchObject({ nextExpectedVersion: 1, duplicate: false });
        const withExtras = { ...newEvent('Voted', { side: 'pro' }), schemaVersion: 3, occurredAt: '2025-01-02T03:04:05.678Z' };
        const second = await store.append(stream, [withExtras], 1);
        expect(second.nextExpectedVersion).toBe(2);
        expect(second.position).toBeGreaterThan(first.position);

        const events = await store.readStream(stream);
        expect(events.map((e) => [e.version, e.type])).toEqual([[0, 'Happened0'], [1, 'Happened1'], [2, 'Voted']]);
        expect(events.every((e) => e.streamId === stream && typeof e.position === 'bigint')).toBe(true);
        expect(events[0]).toMatchObject({ schemaVersion: 1, data: { i: 0 } });
        expect(events[2]).toMatchObject({ schemaVersion: 3, data: { side: 'pro' }, metadata: withExtras.metadata });
        expect(new Date(events[2]!.occurredAt).toISOString()).toBe('2025-01-02T03:04:05.678Z');
        expect(events[2]!.position).toBe(second.position);
        expect(new Set(events.map((e) => e.eventId)).size).toBe(3);

        expect((await store.readStream(stream, 1)).map((e) => e.version)).toEqual([1, 2]);
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('reads at most maxCount events from a version when asked (a bounded read)', async () => {
        const stream = uniqueStream();
        await store.append(stream, commandEvents(5), 'no_stream');
        expect((await store.readStream(stream, 1, 2)).map((e) => e.version)).toEqual([1, 2]);
        expect((await store.readStream(stream, 4, 10)).map((e) => e.version)).toEqual([4]);
      });
    });

    describe('optimistic concurrency', () => {
      const expectConflict = async (p: Promise<unknown>, actual: number | null) => {
        const error = await p.then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actual).toBe(actual);
      };

      it('no_stream fails on an existing stream', async () => {
        const stream = uniqueStream();
        await store.append(stream, commandEvents(2), 'no_stream');
        await expectConflict(store.append(stream, commandEvents(1), 'no_stream'), 1);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('an exact version fails when stale, ahead, or the stream is missing', async () => {
        const stream = uniqueStream();
        await expectConflict(store.append(stream, commandEvents(1), 0), null);
        await store.append(stream, commandEvents(3), 'no_stream');
        await expectConflict(store.append(stream, commandEvents(1), 1), 2);
        await expectConflict(store.append(stream, commandEvents(1), 5), 2);
        expect(await store.readStream(stream)).toHaveLength(3);
        expect((await store.append(stream, commandEvents(1), 2)).nextExpectedVersion).toBe(3);
      });

      it('any appends whatever the version', async () => {
        const stream = uniqueStream();
        expect((await store.append(stream, commandEvents(1), 'any')).nextExpectedVersion).toBe(0);
        expect((await store.append(stream, commandEvents(2), 'any')).nextExpectedVersion).toBe(2);
      });

      it('of concurrent appends with the same expected version exactly one wins', async () => {
        const stream = uniqueStream();
        await store.append(stream, commandEvents(1), 'no_stream');
        const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.append(stream, commandEvents(2), 0)));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost.every((e) => e instanceof WrongExpectedVersionError)).toBe(true);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('of concurrent creators of a new stream exactly one wins', async () => {
        const stream = uniqueStream();
        const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(stream, commandEvents(1), 'no_stream')));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('idempotent commands', () => {
      it('a repeated command id writes nothing and returns the original result', async () => {
        const stream = uniqueStream();
        await store.append(stream, commandEvents(1), 'no_stream');
        const events = commandEvents(2);
        const original = await store.append(stream, events, 0);
        await store.append(stream, commandEvents(1), 2);
        // Same command again, even with its old (now stale) expected version.
        const again = await store.append(stream, events, 0);
        expect(again).toEqual({ ...original, duplicate: true });
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('concurrent copies of one command write it once', async () => {
        const stream = uniqueStream();
        const events = commandEvents(3);
        const settle = async (): Promise<AppendResult> => {
          try {
            return await store.append(stream, events, 'no_stream');
          } catch (error) {
            // Allowed only where the adapter says so: a conflict that a retry resolves as duplicate.
            if (hooks.strictConcurrentDuplicates || !(error instanceof WrongExpectedVersionError)) throw error;
            return store.append(stream, events, 'no_stream');
          }
        };
        const results = await Promise.all(Array.from({ length: 8 }, settle));
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        const original = results.find((r) => !r.duplicate)!;
        for (const r of results) expect({ ...r, duplicate: false }).toEqual(original);
        expect(await store.readStream(stream)).toHaveLength(3);
      });
    });

    describe('appendMany', () => appendManyContract(() => store));

    describe('readAll', () => {
      it('pages through the global order with an exclusive start', async () => {
        const start = await store.headPosition();
        const streams = [uniqueStream(), uniqueStream(), uniqueStream()];
        let last = start;
        for (let i = 0; i < 9; i++) last = (await store.append(streams[i % 3]!, commandEvents((i % 2) + 1), 'any')).position;
        const ours = new Set(streams);
        // Readers only see settled rows: a transaction open anywhere on the server (another test
        // file holds one on purpose) delays them. Wait for ours, then page.
        for (const deadline = Date.now() + 20_000; (await store.headPosition()) < last; await sleep(20)) {
          if (Date.now() > deadline) throw new Error('appends never settled');
        }

        const all: StoredEvent[] = [];
        let from = start;
        for (let pages = 0; ; pages++) {
          expect(pages).toBeLessThan(1000);
          const page = await store.readAll(from, 4);
          expect(page.events.length).toBeLessThanOrEqual(4);
          if (page.events.length > 0) expect(page.nextPosition).toBe(page.events.at(-1)!.position);
          all.push(...page.events);
          from = page.nextPosition;
          if (page.isEnd) break;
        }
        const mine = all.filter((e) => ours.has(e.streamId));
        expect(mine).toHaveLength(13);
        for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
        // Exclusive: starting at an event's position returns what follows it.
        const next = await store.readAll(mine[0]!.position, 1);
        expect(next.events[0]?.eventId).toBe(all[all.indexOf(mine[0]!) + 1]?.eventId);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(mine.at(-1)!.position);
      });
    });

    describe('bad input', () => {
      it.each([
        ['an empty stream id', '', commandEvents(1)],
        ['a stream id with spaces', 'debate 1', commandEvents(1)],
        ['a system stream id', '$debate-1', commandEvents(1)],
        ['a too long stream id', 'd'.repeat(201), commandEvents(1)],
      ])('refuses %s', async (_what, stream, events) => {
        await expect(store.append(stream, events, 'any')).rejects.toBeInstanceOf(EventStoreInputError);
      });

      it('refuses an empty events array, a bad envelope, mixed command ids; writes nothing', async () => {
        const stream = uniqueStream();
        await expect(store.append(stream, [], 'any')).rejects.toThrow(/at least one event/);
        const noCommand = { ...newEvent('X', {}), metadata: { ...newEvent('X', {}).metadata, commandId: '' } };
        await expect(store.append(stream, [newEvent('Ok', {}), noCommand], 'any')).rejects.toBeInstanceOf(EventStoreInputError);
        await expect(store.append(stream, [{ ...newEvent('', {}) }], 'any')).rejects.toBeInstanceOf(EventStoreInputError);
        await expect(store.append(stream, [newEvent('A', {}), newEvent('B', {})], 'any')).rejects.toThrow(/same metadata.commandId/);
        await expect(store.append(stream, commandEvents(1), -1)).rejects.toBeInstanceOf(EventStoreInputError);
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('subscribeAll', () => {
      it('stop() waits for the handler in flight and nothing is delivered after it', async () => {
        const start = await store.headPosition();
        let running = false;
        let calls = 0;
        let finished = 0;
        const sub = store.subscribeAll(start, async () => {
          running = true;
          calls++;
          await sleep(200);
          finished++;
          running = false;
        });
        await store.append(uniqueStream(), commandEvents(1), 'no_stream');
        await waitFor(() => running, 10_000, 'the handler to start');
        await sub.stop();
        expect(finished).toBe(calls);
        await store.append(uniqueStream(), commandEvents(1), 'no_stream');
        await sleep(300);
        expect(calls).toBe(finished);
      });

      it('redelivers a batch whose handler failed (at least once, no skip)', async () => {
        const stream = uniqueStream();
        const start = await store.headPosition();
        await store.append(stream, commandEvents(2), 'no_stream');
        const errors: unknown[] = [];
        const seen: string[] = [];
        let failOnce = true;
        const sub = store.subscribeAll(
          start,
          async (batch) => {
            const mine = batch.filter((e) => e.streamId === stream);
            if (mine.length > 0 && failOnce) {
              failOnce = false;
              throw new Error('projection failed');
            }
            seen.push(...mine.map((e) => e.eventId));
          },
          { onError: (e) => errors.push(e) },
        );
        try {
          await waitFor(() => seen.length >= 2, 20_000, 'redelivery');
        } finally {
          await sub.stop();
        }
        expect(errors).toHaveLength(1);
        expect(new Set(seen).size).toBe(2);
      }, 30_000);

      it('20 writers × 500 appends over 200 streams: the subscriber sees every event once, in order; a resume from the middle gets exactly the rest', async () => {
        await subscribedLoad(store, 'append');
      }, 180_000);

      it('the same load written through appendMany batches (1-8 requests, same-stream items included): nothing skipped or doubled', async () => {
        await subscribedLoad(store, 'appendMany');
      }, 180_000);

      it.skipIf(!hooks.holdOpenAppend)('does not skip an append that commits after a later one', async () => {
        const start = await store.headPosition();
        const [early, late] = [uniqueStream('early'), uniqueStream('late')];
        const mine = new Set([early, late]);
        const seen = new Collector((e) => mine.has(e.streamId));
        const sub = store.subscribeAll(start, seen.handler);
        try {
          const held = await hooks.holdOpenAppend!(early);
          const later = store.append(late, commandEvents(1), 'no_stream');
          // The later append must not become visible ahead of the open one...
          await sleep(700);
          expect(seen.events.map((e) => e.streamId)).toEqual([]);
          await held.commit();
          await later;
          // ...and once both are committed both are delivered, the early one first.
          await waitFor(() => seen.events.length >= 2, 10_000, 'both appends to be delivered');
        } finally {
          await sub.stop();
        }
        expect(seen.violations).toEqual([]);
        expect(seen.events.map((e) => e.streamId)).toEqual([early, late]);
      }, 30_000);
    });
  });
}

// The replay engine of a rebuild: one reader and one lane per projection. The reader reads and
// decodes each page once; every lane applies the pages in order, each page in its own transaction
// (applyProjection: rows + checkpoint commit together, exactly as in the live runner).
//
// Why lanes instead of applyBatch's "all projections, then the next page": there a page is done
// only when its slowest projection commits, so while the last transaction is written (PostgreSQL
// on one core) Node and the other core idle. Here a fast projection runs up to LOOKAHEAD pages
// ahead of a slow one, so Node always has a lane to fold for while PostgreSQL writes another's.
// The pages kept in memory are bounded by LOOKAHEAD (the reader waits for the slowest lane).
import type { EventStore } from '@booktalk/eventstore';
import type pg from 'pg';
import { type DecodedBatch, decodeEvents } from '../events.ts';
import { applyProjection } from '../runner/applyBatch.ts';
import type { Projection } from '../runner/projection.ts';

/** Pages read ahead of the slowest lane: enough to keep every lane busy, few enough for memory. */
const LOOKAHEAD = 3;

interface Page {
  /** The position the page follows (exclusive) and its last position. */
  from: bigint;
  last: bigint;
  /** Events read up to and including this page (for progress). */
  eventsSoFar: number;
  /** Dropped once every lane has applied the page. */
  decoded: DecodedBatch | null;
}

export interface LaneProgress {
  position: bigint;
  events: number;
}

/** Something to wait on until the next change of the shared state. */
function signal() {
  let waiters: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((resolve) => waiters.push(resolve)),
    notify() {
      const woken = waiters;
      waiters = [];
      for (const w of woken) w();
    },
  };
}

/**
 * Replays the store from `from` up to its end (including what is appended meanwhile) into every
 * projection. `onProgress` sees the position all projections have committed.
 */
export async function replayInLanes(options: {
  pool: pg.Pool;
  store: EventStore;
  projections: readonly Projection[];
  from: bigint;
  batchSize: number;
  onProgress?: (p: LaneProgress) => void;
}): Promise<LaneProgress> {
  const { pool, store, projections, batchSize } = options;
  const pages: Page[] = [];
  // Fields, not locals: they change inside callbacks, where TypeScript's narrowing cannot see.
  const run: { ended: boolean; failure: { error: unknown } | null } = { ended: false, failure: null };
  const done = projections.map(() => 0); // pages each lane has committed
  const changed = signal();
  const slowest = () => Math.min(...done);
  let reported = 0;
  const progress = (): LaneProgress => {
    const page = reported > 0 ? pages[reported - 1]! : null;
    return { position: page?.last ?? options.from, events: page?.eventsSoFar ?? 0 };
  };

  const read = async () => {
    let from = options.from;
    let events = 0;
    for (;;) {
      while (pages.length - slowest() >= LOOKAHEAD && !run.failure) await changed.wait();
      if (run.failure) return;
      const page = await store.readAll(from, batchSize);
      if (page.events.length > 0) {
        events += page.events.length;
        pages.push({ from, last: page.nextPosition, eventsSoFar: events, decoded: decodeEvents(page.events) });
        from = page.nextPosition;
        changed.notify();
      }
      if (page.isEnd) return;
    }
  };

  const lane = async (p: Projection, index: number) => {
    for (let i = 0; ; i++) {
      while (i >= pages.length && !run.ended && !run.failure) await changed.wait();
      if (run.failure || i >= pages.length) return;
      const page = pages[i]!;
      await applyProjection(pool, p, page.decoded!, page.from, page.last, { asyncCommit: true });
      done[index] = i + 1;
      const all = slowest();
      if (all > reported) {
        for (let k = reported; k < all; k++) pages[k]!.decoded = null; // every lane has it
        reported = all;
        options.onProgress?.(progress());
      }
      changed.notify();
    }
  };

  const fail = (error: unknown) => {
    run.failure ??= { error };
    changed.notify();
    throw error;
  };
  const reader = read()
    .then(() => {
      run.ended = true;
      changed.notify();
    })
    .catch(fail);
  // Every lane and the reader settle before we return: no transaction is left running behind us.
  await Promise.allSettled([reader, ...projections.map((p, i) => lane(p, i).catch(fail))]);
  if (run.failure) throw run.failure.error;
  return progress();
}

// Drop and replay: the named projections' tables are dropped and recreated and their
// checkpoints set to 0 in one transaction, then every event is replayed through the same
// per-projection transaction the live runner uses (applyProjection: a rebuild cannot diverge from
// the live projection), each projection in its own lane (lanes.ts).
// A live runner may keep running: it notices the reset checkpoint and resubscribes from it;
// the checkpoint row lock keeps the two from applying the same events twice.
import type { EventStore } from '@booktalk/eventstore';
import type pg from 'pg';
import type { Projection } from '../runner/projection.ts';
import { type LaneProgress, replayInLanes } from './lanes.ts';
import { resetProjections } from './reset.ts';

export interface RebuildProgress {
  position: bigint;
  /** Head position when the rebuild began. */
  head: bigint;
  events: number;
  elapsedMs: number;
}

export interface RebuildOptions {
  pool: pg.Pool;
  store: EventStore;
  projections: readonly Projection[];
  /** Events per read and per transaction; default REBUILD_BATCH_SIZE. */
  batchSize?: number;
  onProgress?: (p: RebuildProgress) => void;
}

/**
 * Events per read and per transaction in a rebuild. Larger than the live runner's batches: a
 * debate touched by a batch costs one state read and one state write per batch whatever its
 * number of events, and each transaction has a fixed cost; 10,000 decoded events are ~20 MB.
 */
export const REBUILD_BATCH_SIZE = 10_000;

/** Resets, then replays everything up to the head (and whatever arrives meanwhile). */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildProgress> {
  const { pool, store, projections } = options;
  const batchSize = options.batchSize ?? REBUILD_BATCH_SIZE;
  await resetProjections(pool, projections);
  const head = await store.headPosition();
  const started = performance.now();
  const progress = (p: LaneProgress): RebuildProgress => ({ ...p, head, elapsedMs: performance.now() - started });
  const end = await replayInLanes({ pool, store, projections, from: 0n, batchSize, onProgress: (p) => options.onProgress?.(progress(p)) });
  // A rebuild is a bulk load: fresh statistics now, or the planner keeps its empty-table guesses
  // (sequential scans in the live runner's per-batch lookups) until autovacuum gets to it.
  await pool.query(`ANALYZE ${projections.flatMap((p) => p.tables).join(', ')}`);
  return progress(end);
}

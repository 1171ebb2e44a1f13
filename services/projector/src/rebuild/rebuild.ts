// Drop and replay: the named projections' tables are dropped and recreated and their
// checkpoints set to 0 in one transaction, then every event is replayed through the same
// applyBatch the live runner uses (so a rebuild cannot diverge from live projection).
// A live runner may keep running: it notices the reset checkpoint and resubscribes from it;
// the checkpoint row lock keeps the two from applying the same events twice.
import type { EventStore, ReadAllPage } from '@booktalk/eventstore';
import type pg from 'pg';
import { CHECKPOINTS } from '../names.ts';
import { applyBatch } from '../runner/applyBatch.ts';
import type { Projection } from '../runner/projection.ts';

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
  /** Events per read and per transaction; default 2000. */
  batchSize?: number;
  onProgress?: (p: RebuildProgress) => void;
}

export async function resetProjections(pool: pg.Pool, projections: readonly Projection[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const names = projections.map((p) => p.name).sort();
    // Taken first, in the runner's order, so a live runner's batch finishes (or waits) cleanly.
    await client.query(`SELECT 1 FROM ${CHECKPOINTS} WHERE projection = ANY($1) ORDER BY projection FOR UPDATE`, [names]);
    for (const p of projections) {
      await client.query(`DROP TABLE IF EXISTS ${p.tables.join(', ')}`);
      await client.query(p.ddl);
    }
    await client.query(
      `INSERT INTO ${CHECKPOINTS} (projection, position) SELECT unnest($1::text[]), 0
       ON CONFLICT (projection) DO UPDATE SET position = 0`,
      [names],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Resets, then replays everything up to the head (and whatever arrives meanwhile). */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildProgress> {
  const { pool, store, projections } = options;
  const batchSize = options.batchSize ?? 2000;
  await resetProjections(pool, projections);
  const head = await store.headPosition();
  const started = performance.now();
  let from = 0n;
  let events = 0;
  const progress = (): RebuildProgress => ({ position: from, head, events, elapsedMs: performance.now() - started });
  // Read the next page while the current one is applied: the store read and the projection
  // writes overlap instead of alternating.
  let next: Promise<ReadAllPage> = store.readAll(from, batchSize);
  for (;;) {
    const page = await next;
    if (!page.isEnd) next = store.readAll(page.nextPosition, batchSize);
    if (page.events.length > 0) {
      await applyBatch(pool, projections, page.events, from);
      from = page.nextPosition;
      events += page.events.length;
      options.onProgress?.(progress());
    }
    if (page.isEnd) break;
  }
  // A rebuild is a bulk load: fresh statistics now, or the planner keeps its empty-table guesses
  // (sequential scans in the live runner's per-batch lookups) until autovacuum gets to it.
  await pool.query(`ANALYZE ${projections.flatMap((p) => p.tables).join(', ')}`);
  return progress();
}

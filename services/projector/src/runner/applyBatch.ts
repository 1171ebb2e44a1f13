// One batch: for each projection, one transaction that locks its checkpoint row, skips what it
// already has, applies the rest and moves the checkpoint, then commits. A crash anywhere before
// COMMIT leaves that projection's rows and checkpoint as they were; after it, both moved together.
// The projections' transactions run concurrently on separate connections: Node folds and
// serialises one projection's rows while PostgreSQL writes another's (2 cores: both get used).
//
// Why `SELECT … FOR UPDATE` on the checkpoint row rather than an advisory lock: the row lock
// lives and dies with this very transaction (released on commit, rollback or a killed
// connection), needs no key scheme, and orders two runners of the same projection: the second
// waits, then reads the checkpoint the first committed and skips those events.
import type { DebateChanged, StoredEvent } from '@booktalk/contracts';
import type pg from 'pg';
import { type DecodedBatch, decodeEvents } from '../events.ts';
import { CHECKPOINTS } from '../names.ts';
import { type ParkedNow, applyIsolating } from './isolate.ts';
import type { Projection } from './projection.ts';

/** Thrown when a checkpoint is behind where the delivered batch starts (a rebuild reset it). */
export class CheckpointBehindError extends Error {
  constructor(readonly position: bigint) {
    super(`A checkpoint is at ${position}, behind this batch: resubscribe from there`);
    this.name = 'CheckpointBehindError';
  }
}

export interface BatchOutcome {
  /** Checkpoint of each projection after the batch. */
  checkpoints: Map<string, bigint>;
  /** Events applied, summed over projections (0: every projection already had them). */
  applied: number;
  changed: DebateChanged[];
  /** Debates parked by this batch (each to be logged once). */
  parked: ParkedNow[];
}

export interface ProjectionOutcome {
  checkpoint: bigint;
  applied: number;
  changed: DebateChanged[];
  parked: ParkedNow[];
}

export interface ApplyOptions {
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`, this transaction only).
   * For rebuilds: a server crash may then lose the last few committed batches, but each one
   * whole — rows and checkpoint are in the same WAL commit record — so the projection is left at
   * an older, consistent checkpoint and the replay resumes from there. Nothing outside the
   * database learnt of those batches (a rebuild publishes no DebateChanged), so nothing can run
   * ahead of what survives. A live runner committing after such a batch (rebuild beside it) is
   * still safe: its synchronous commit flushes the WAL up to its own record, so every batch it
   * built on is durable with it. Not for the live runner itself: its commits are followed by bus
   * messages. (The test server already runs with synchronous_commit off, so the bench cannot show
   * the gain: it is one WAL flush per projection and batch on a durable server.)
   */
  asyncCommit?: boolean;
}

/**
 * One projection, one transaction: events in (from, last] (decoded, in global order), applied
 * past this projection's checkpoint, checkpoint moved to `last`, committed.
 */
export async function applyProjection(
  pool: pg.Pool,
  p: Projection,
  decoded: DecodedBatch,
  from: bigint,
  last: bigint,
  options: ApplyOptions = {},
): Promise<ProjectionOutcome> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(options.asyncCommit ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
    const { rows } = await client.query<{ position: string }>(`SELECT position FROM ${CHECKPOINTS} WHERE projection = $1 FOR UPDATE`, [p.name]);
    if (!rows[0]) throw new Error(`No checkpoint row for ${p.name} (run migrateReadModels)`);
    const checkpoint = BigInt(rows[0].position);
    if (checkpoint < from) throw new CheckpointBehindError(checkpoint);
    if (checkpoint >= last) {
      await client.query('COMMIT');
      return { checkpoint, applied: 0, changed: [], parked: [] };
    }
    const fresh: DecodedBatch = {
      events: decoded.events.filter((e) => e.position > checkpoint),
      undecodable: decoded.undecodable.filter((u) => u.position > checkpoint),
    };
    const result = await applyIsolating(client, p, fresh);
    await client.query(`UPDATE ${CHECKPOINTS} SET position = $2 WHERE projection = $1`, [p.name, last.toString()]);
    await client.query('COMMIT');
    return { checkpoint: last, ...result };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: destroy it rather than reuse it.
    client.release(broken);
  }
}

/** Declares the event types it reads, and the batch holds none of them (nor anything undecodable). */
function isIdle(p: Projection, decoded: DecodedBatch): boolean {
  const types = p.eventTypes;
  return types !== undefined && decoded.undecodable.length === 0 && !decoded.events.some((e) => types.has(e.event.type));
}

/**
 * Moves the checkpoints of projections the batch has nothing for to `last`, in one statement
 * instead of a transaction each (BEGIN, lock, parked debates, checkpoint, COMMIT: under the
 * turn-timing benchmark's bursts those five round trips took 30–60 ms per idle projection and
 * batch). Same rules as applyProjection: rows locked (in name order, so two runners cannot
 * deadlock), a checkpoint below `from` is a CheckpointBehindError, one at or past `last` stays.
 */
async function moveIdleCheckpoints(pool: pg.Pool, idle: readonly Projection[], from: bigint, last: bigint): Promise<Map<string, { outcome(): ProjectionOutcome }>> {
  const { rows } = await pool.query<{ projection: string; position: string }>(
    `WITH cur AS (SELECT projection, position FROM ${CHECKPOINTS} WHERE projection = ANY($1) ORDER BY projection FOR UPDATE),
          moved AS (UPDATE ${CHECKPOINTS} c SET position = $3 FROM cur
                     WHERE c.projection = cur.projection AND cur.position >= $2 AND cur.position < $3 RETURNING c.projection)
     SELECT projection, position::text AS position FROM cur`,
    [idle.map((p) => p.name), from.toString(), last.toString()],
  );
  const before = new Map(rows.map((r) => [r.projection, BigInt(r.position)]));
  return new Map(
    idle.map((p) => [
      p.name,
      {
        outcome(): ProjectionOutcome {
          const checkpoint = before.get(p.name);
          if (checkpoint === undefined) throw new Error(`No checkpoint row for ${p.name} (run migrateReadModels)`);
          if (checkpoint < from) throw new CheckpointBehindError(checkpoint);
          return { checkpoint: checkpoint > last ? checkpoint : last, applied: 0, changed: [], parked: [] };
        },
      },
    ]),
  );
}

/**
 * `from` is the position the batch follows (exclusive): every event in (from, last] is in
 * `stored`. A projection whose checkpoint is below `from` would miss (checkpoint, from], so it
 * refuses the batch with CheckpointBehindError (the others may still commit theirs).
 */
export async function applyBatch(
  pool: pg.Pool,
  projections: readonly Projection[],
  stored: readonly StoredEvent[],
  from: bigint,
): Promise<BatchOutcome> {
  const last = stored.at(-1)?.position ?? from;
  // Decoded (zod) once, before any transaction, so locks are held only for the writes.
  const decoded = decodeEvents(stored);
  // Projections with nothing in this batch only move their checkpoint: one statement for all of them.
  const idle = projections.filter((p) => isIdle(p, decoded));
  const moved = idle.length > 0 ? moveIdleCheckpoints(pool, idle, from, last) : null;
  const settled = await Promise.allSettled(
    projections.map((p) => (idle.includes(p) ? moved!.then((m) => m.get(p.name)!.outcome()) : applyProjection(pool, p, decoded, from, last))),
  );
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
  if (failed.length > 0) {
    const behind = failed.filter((e): e is CheckpointBehindError => e instanceof CheckpointBehindError);
    const other = failed.find((e) => !(e instanceof CheckpointBehindError));
    if (other !== undefined) throw other;
    throw new CheckpointBehindError(behind.reduce((a, b) => (a.position < b.position ? a : b)).position);
  }
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<ProjectionOutcome>).value);
  return {
    checkpoints: new Map(projections.map((p, i) => [p.name, outcomes[i]!.checkpoint])),
    applied: outcomes.reduce((n, o) => n + o.applied, 0),
    changed: outcomes.flatMap((o) => o.changed),
    parked: outcomes.flatMap((o) => o.parked),
  };
}

// Reading checkpoints and the lag (head − checkpoint) that /metrics reports.
import type { EventStore } from '@booktalk/eventstore';
import type pg from 'pg';
import { CHECKPOINTS } from '../names.ts';

export interface ProjectionLag {
  projection: string;
  checkpoint: bigint;
  head: bigint;
  /** Events (positions) the projection is behind the store's head; 0 when caught up. */
  lag: bigint;
}

export async function readCheckpoints(pool: pg.Pool, names: readonly string[]): Promise<Map<string, bigint>> {
  const { rows } = await pool.query<{ projection: string; position: string }>(
    `SELECT projection, position FROM ${CHECKPOINTS} WHERE projection = ANY($1)`,
    [names],
  );
  return new Map(rows.map((r) => [r.projection, BigInt(r.position)]));
}

/** Read from the database, not from memory: with several runners, the row is the truth. */
export async function projectionLag(pool: pg.Pool, store: EventStore, names: readonly string[]): Promise<ProjectionLag[]> {
  const [head, checkpoints] = await Promise.all([store.headPosition(), readCheckpoints(pool, names)]);
  return names.map((projection) => {
    const checkpoint = checkpoints.get(projection) ?? 0n;
    return { projection, checkpoint, head, lag: head > checkpoint ? head - checkpoint : 0n };
  });
}

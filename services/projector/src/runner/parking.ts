// Parked streams: a debate whose event a projection cannot apply (a bug, or bad data already in
// the store) is set aside for that projection only — like Axon's sequenced dead-letter queue.
// Its later events wait behind the parked one (per-debate order is kept); every other debate
// carries on. The row keeps the error; `npm run projections -- retry` replays a parked debate
// after a fix (retry.ts), and every runner start tries once too (a new release may hold the fix).
import type pg from 'pg';
import { READ_SCHEMA } from '../names.ts';

export const PARKED = `${READ_SCHEMA}.parked_streams`;

export const PARKED_DDL = `
  CREATE TABLE IF NOT EXISTS ${PARKED} (
    projection text NOT NULL,
    debate_id  text NOT NULL,
    -- The first event of the debate this projection has not applied; everything of the debate
    -- from here on waits.
    position   bigint NOT NULL,
    event_type text NOT NULL,
    error      text NOT NULL,
    attempts   integer NOT NULL DEFAULT 1,
    parked_at  timestamptz NOT NULL DEFAULT now(),
    retried_at timestamptz,
    PRIMARY KEY (projection, debate_id)
  )`;

export interface ParkedStream {
  projection: string;
  debateId: string;
  position: bigint;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: string;
}

/** The message of an error, first line of its stack included, capped (it is shown in /metrics and the CLI). */
export const describeError = (error: unknown): string => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
};

/** Debates of `debateIds` parked for this projection, with the position they wait at. */
export async function parkedAmong(db: pg.ClientBase, projection: string, debateIds: readonly string[]): Promise<Map<string, bigint>> {
  if (debateIds.length === 0) return new Map();
  const { rows } = await db.query<{ debate_id: string; position: string }>(
    `SELECT debate_id, position FROM ${PARKED} WHERE projection = $1 AND debate_id = ANY($2)`,
    [projection, debateIds],
  );
  return new Map(rows.map((r) => [r.debate_id, BigInt(r.position)]));
}

/** Parks (or, on a failed retry, re-parks) a debate at `position`. */
export async function park(
  db: pg.ClientBase,
  entry: { projection: string; debateId: string; position: bigint; eventType: string; error: unknown },
): Promise<void> {
  await db.query(
    `INSERT INTO ${PARKED} (projection, debate_id, position, event_type, error) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (projection, debate_id) DO UPDATE
       SET position = excluded.position, event_type = excluded.event_type, error = excluded.error,
           attempts = ${PARKED}.attempts + 1, retried_at = now()`,
    [entry.projection, entry.debateId, entry.position.toString(), entry.eventType, describeError(entry.error)],
  );
}

export async function unpark(db: pg.ClientBase, projection: string, debateId: string): Promise<void> {
  await db.query(`DELETE FROM ${PARKED} WHERE projection = $1 AND debate_id = $2`, [projection, debateId]);
}

export async function listParked(db: pg.Pool | pg.ClientBase, filter: { projection?: string; debateId?: string } = {}): Promise<ParkedStream[]> {
  const { rows } = await db.query<{
    projection: string;
    debate_id: string;
    position: string;
    event_type: string;
    error: string;
    attempts: number;
    parked_at: Date;
  }>(
    `SELECT projection, debate_id, position, event_type, error, attempts, parked_at FROM ${PARKED}
      WHERE ($1::text IS NULL OR projection = $1) AND ($2::text IS NULL OR debate_id = $2)
      ORDER BY parked_at, projection, debate_id`,
    [filter.projection ?? null, filter.debateId ?? null],
  );
  return rows.map((r) => ({
    projection: r.projection,
    debateId: r.debate_id,
    position: BigInt(r.position),
    eventType: r.event_type,
    error: r.error,
    attempts: r.attempts,
    parkedAt: r.parked_at.toISOString(),
  }));
}

/** Parked debates per projection (every projection named, 0 where none), for /metrics and readiness. */
export async function parkedCounts(db: pg.Pool, projections: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ projection: string; n: string }>(
    `SELECT projection, count(*) AS n FROM ${PARKED} WHERE projection = ANY($1) GROUP BY projection`,
    [projections],
  );
  const counts = new Map(projections.map((p) => [p, 0]));
  for (const r of rows) counts.set(r.projection, Number(r.n));
  return counts;
}

// Reads in global order without ever skipping an event.
//
// The hazard: PostgreSQL hands out positions before commit and transactions commit in any
// order, so a reader can see position 11 committed while 10 is still in flight, move its
// checkpoint past 10 and never see it.
//
// The rule used here: read only up to the SETTLED position, below which every append has ended.
//  - Every append reserves its positions under a short session-level advisory lock and, before
//    releasing it, takes a transaction-level advisory lock keyed by its first position, held
//    until it commits or rolls back (migrations.ts, reservePositionsInFlight).
//  - settled_position() looks, under that short lock in shared mode (no reservation half done),
//    at the lowest such lock in pg_locks for this database: everything below it has ended.
//    With none in flight, every reserved position has ended.
//  - The events are read in a LATER statement, whose snapshot is taken after every append up
//    to the settled position ended: each of them is visible if it committed. So a plain
//    `position > checkpoint` keyset read up to the settled position never skips, the
//    checkpoint is one bigint, and delivered positions strictly increase.
// Why not the snapshot rule (Emmett's: rows whose transaction_id < pg_snapshot_xmin, with xid and
// positions taken together so xid order == position order)? It was this store's rule until
// migration 4. xmin is the oldest transaction of the whole SERVER: any write transaction, in
// any database (the read models' own batches included), held every subscriber back until it
// ended, and a wait aimed at the head could end early. Locks in pg_locks carry their database
// and only appends take ours, so only appends in flight in this database hold readers back.
// Why not serialise appends with a lock held until commit (simpler)? It was the first version:
// with fsync on and 8 writers it did ~1,900 appends/s against ~3,000-3,600 for a short lock
// on the same (busy) 2-core machine, because a commit-long lock defeats group commit.
// Caveat: an append left in flight (a transaction that appended and then waits) holds readers
// back until it ends, so never keep one open while waiting for a subscription.
import type { StoredEvent } from '@booktalk/contracts';
import type pg from 'pg';
import type { ReadAllPage } from '../port.ts';
import type { SchemaNames } from './schema.ts';

interface EventRow {
  position: string;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  occurred_at: Date;
}

/** The settled position (see the top of this file). Its own statement, before the read. */
async function settledPosition(db: pg.Pool, schema: string): Promise<bigint> {
  const { rows } = await db.query<{ settled: string }>(`SELECT ${schema}.settled_position() AS settled`);
  return BigInt(rows[0]?.settled ?? '0');
}

const COLUMNS = 'position, stream_id, version, event_id, type, schema_version, data, metadata, occurred_at';

export const toStoredEvent = (r: EventRow): StoredEvent => ({
  eventId: r.event_id,
  type: r.type,
  streamId: r.stream_id,
  version: r.version,
  position: BigInt(r.position),
  occurredAt: r.occurred_at.toISOString(),
  schemaVersion: r.schema_version,
  data: r.data,
  metadata: r.metadata,
});

export async function readStream(
  db: pg.Pool,
  { schema }: SchemaNames,
  streamId: string,
  fromVersion: number,
  maxCount?: number,
): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM ${schema}.events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3`,
    [streamId, fromVersion, maxCount ?? null],
  );
  return rows.map(toStoredEvent);
}

export async function readAll(
  db: pg.Pool,
  { schema }: SchemaNames,
  fromPosition: bigint,
  limit: number,
): Promise<ReadAllPage> {
  const settled = await settledPosition(db, schema);
  if (settled <= fromPosition) return { events: [], nextPosition: fromPosition, isEnd: true };
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM ${schema}.events
      WHERE position > $1 AND position <= $3 ORDER BY position LIMIT $2`,
    [fromPosition.toString(), limit, settled.toString()],
  );
  const events = rows.map(toStoredEvent);
  return {
    events,
    nextPosition: events.at(-1)?.position ?? fromPosition,
    isEnd: events.length < limit,
  };
}

export async function headPosition(db: pg.Pool, { schema }: SchemaNames): Promise<bigint> {
  // Under the same rule as readAll: subscribing from the head must not skip an in-flight append.
  // The last event at or below the settled position (which may be a rolled-back append's gap).
  const settled = await settledPosition(db, schema);
  const { rows } = await db.query<{ head: string }>(
    `SELECT coalesce(max(position), 0) AS head FROM ${schema}.events WHERE position <= $1`,
    [settled.toString()],
  );
  return BigInt(rows[0]?.head ?? '0');
}

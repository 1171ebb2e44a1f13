// Reads in global order without ever skipping an event.
//
// The hazard: PostgreSQL hands out positions before commit and transactions commit in any
// order, so a reader can see position 11 committed while 10 is still in flight, move its
// checkpoint past 10 and never see it.
//
// The rule used here (Emmett's snapshot rule, made position-consistent):
//  - a reader only takes rows whose transaction_id < pg_snapshot_xmin(pg_current_snapshot()):
//    every transaction below xmin has ended, so nothing more can appear from them;
//  - on its own that rule is ordered by (transaction_id, position), not by position: a
//    transaction with a lower xid may take a HIGHER position, and a position checkpoint would
//    then skip. So append_events takes its xid and its positions together under a short
//    advisory lock (migrations.ts, step 4; append_events_many likewise, once for all its
//    items): xid order == position order. Any transaction still in flight (xid >= xmin)
//    therefore holds only positions above everything we deliver, and a plain
//    `position > checkpoint` keyset read, filtered by xmin, never skips. The checkpoint is one
//    bigint and delivered positions strictly increase.
// Why not serialise appends with a lock held until commit (simpler, no xid filter)? It was the
// first version: with fsync on and 8 writers it did ~1,900 appends/s against ~3,000-3,600 for
// this rule on the same (busy) 2-core machine, because a commit-long lock defeats group commit.
// (bench/append.ts; numbers in this package's README.)
// Caveats: any write transaction left open in this database (not only appends) holds readers
// back until it ends, so never keep one open while waiting for a subscription; and stored
// transaction ids only mean something in the cluster that wrote them (after a dump/restore into
// a new cluster, reset them: UPDATE events SET transaction_id = '0').
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

/** Rows no in-flight transaction can still precede (see the top of this file). */
const SETTLED = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

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
): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM ${schema}.events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
    [streamId, fromVersion],
  );
  return rows.map(toStoredEvent);
}

export async function readAll(
  db: pg.Pool,
  { schema }: SchemaNames,
  fromPosition: bigint,
  limit: number,
): Promise<ReadAllPage> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM ${schema}.events
      WHERE position > $1 AND ${SETTLED} ORDER BY position LIMIT $2`,
    [fromPosition.toString(), limit],
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
  const { rows } = await db.query<{ head: string }>(
    `SELECT coalesce(max(position), 0) AS head FROM ${schema}.events WHERE ${SETTLED}`,
  );
  return BigInt(rows[0]?.head ?? '0');
}

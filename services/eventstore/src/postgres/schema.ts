// Names derived from the configured PostgreSQL schema. Identifiers are interpolated into SQL,
// so they are checked here once.
import { createHash } from 'node:crypto';

export interface SchemaNames {
  schema: string;
  /** LISTEN/NOTIFY channel woken by every append. */
  channel: string;
  /** Session-level advisory lock key held while an append takes its xid and positions (see reader.ts). */
  appendLockKey: bigint;
  /** First key of the two-key transaction-level advisory lock per stream (second: hashtext(stream)). */
  streamLockClass: number;
  /** Advisory lock key held while migrating. */
  migrateLockKey: bigint;
  /**
   * Top 16 bits of the transaction-level advisory lock every append holds on
   * `(marker << 48) | its first position` until it ends; readers find appends in flight by it
   * in pg_locks (see reader.ts). 1–32767, and never the top bits of this schema's other keys.
   */
  inflightMarker: number;
}

const lockKey = (label: string): bigint => createHash('sha1').update(label).digest().readBigInt64BE(0);

export function schemaNames(schema = 'eventstore'): SchemaNames {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) {
    throw new Error(`Invalid event store schema name ${JSON.stringify(schema)}: lower-case letters, digits, _`);
  }
  const appendLockKey = lockKey(`booktalk.eventstore.append:${schema}`);
  const migrateLockKey = lockKey(`booktalk.eventstore.migrate:${schema}`);
  return {
    schema,
    channel: `${schema}_appended`,
    appendLockKey,
    streamLockClass: Number(lockKey(`booktalk.eventstore.stream:${schema}`) >> 32n),
    migrateLockKey,
    inflightMarker: inflightMarker(schema, [appendLockKey, migrateLockKey]),
  };
}

/** The top 16 bits of a bigint advisory key as pg_locks shows them: (classid >> 16). */
export const top16 = (key: bigint): number => Number(BigInt.asUintN(64, key) >> 48n);

function inflightMarker(schema: string, otherKeys: bigint[]): number {
  // A marker equal to another bigint lock's top bits would make that lock look like an append
  // in flight (readers held back while it is held): step past our own keys' values.
  const taken = new Set(otherKeys.map(top16));
  let marker = (Number(lockKey(`booktalk.eventstore.inflight:${schema}`) >> 49n) & 0x7fff) || 1;
  while (taken.has(marker)) marker = (marker % 0x7fff) + 1;
  return marker;
}

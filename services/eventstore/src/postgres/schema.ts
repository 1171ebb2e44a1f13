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
}

const lockKey = (label: string): bigint => createHash('sha1').update(label).digest().readBigInt64BE(0);

export function schemaNames(schema = 'eventstore'): SchemaNames {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) {
    throw new Error(`Invalid event store schema name ${JSON.stringify(schema)}: lower-case letters, digits, _`);
  }
  return {
    schema,
    channel: `${schema}_appended`,
    appendLockKey: lockKey(`booktalk.eventstore.append:${schema}`),
    streamLockClass: Number(lockKey(`booktalk.eventstore.stream:${schema}`) >> 32n),
    migrateLockKey: lockKey(`booktalk.eventstore.migrate:${schema}`),
  };
}

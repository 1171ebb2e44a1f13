// Creates the read-model tables (idempotent), for the embedded process, main.ts and tests.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CHECKPOINTS, READ_SCHEMA } from './names.ts';
import type { Projection } from './runner/projection.ts';
import { allProjections } from './projections/index.ts';

/** Key of the session advisory lock that serialises concurrent migrations (several processes may start at once). */
const MIGRATE_LOCK = createHash('sha1').update('booktalk.readmodels.migrate').digest().readBigInt64BE(0);

/**
 * Creates the schema, the checkpoints table and every projection's tables (idempotent), and a
 * checkpoint row at 0 for each projection, so the runner can always lock an existing row.
 */
export async function migrateReadModels(pool: pg.Pool, projections: readonly Projection[] = allProjections): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK.toString()]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${READ_SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (projection text PRIMARY KEY, position bigint NOT NULL)`,
    );
    for (const p of projections) await client.query(p.ddl);
    await client.query(
      `INSERT INTO ${CHECKPOINTS} (projection, position) SELECT unnest($1::text[]), 0 ON CONFLICT DO NOTHING`,
      [projections.map((p) => p.name)],
    );
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK.toString()]).catch(() => undefined);
    client.release();
  }
}

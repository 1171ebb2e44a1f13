// Creates the read-model tables (idempotent), for the embedded process, main.ts and tests; and
// replays from 0 any projection whose stored rows were made by another definition of it.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CHECKPOINTS, READ_SCHEMA } from './names.ts';
import { resetProjectionsOn } from './rebuild/reset.ts';
import { projectionDefinition } from './runner/definition.ts';
import { PARKED_DDL } from './runner/parking.ts';
import type { Projection } from './runner/projection.ts';
import { allProjections } from './projections/index.ts';

/** Key of the session advisory lock that serialises concurrent migrations (several processes may start at once). */
const MIGRATE_LOCK = createHash('sha1').update('booktalk.readmodels.migrate').digest().readBigInt64BE(0);

export interface MigrateResult {
  /**
   * Projections whose checkpoint carried another definition (or none, from before definitions
   * were stored): their tables were recreated empty and their checkpoint put at 0, so the runner
   * replays them. `was` is the stored definition.
   */
  reset: { name: string; was: string | null; now: string }[];
}

/**
 * Creates the schema, the checkpoints table and every projection's tables (idempotent), and a
 * checkpoint row at 0 for each projection, so the runner can always lock an existing row. A
 * projection whose definition (version + DDL, see definition.ts) changed since its rows were
 * written is reset: without that, `CREATE TABLE IF NOT EXISTS` would keep the old columns and
 * the old rows would stay as the old code made them.
 */
export async function migrateReadModels(pool: pg.Pool, projections: readonly Projection[] = allProjections): Promise<MigrateResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK.toString()]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${READ_SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (projection text PRIMARY KEY, position bigint NOT NULL, definition text)`,
    );
    // Tables made before definitions were kept. Looked up first: ALTER TABLE … IF NOT EXISTS would
    // still take an exclusive lock on every start, waiting for (and stalling) a running projector.
    const { rowCount: hasDefinition } = await client.query(
      `SELECT 1 FROM pg_attribute WHERE attrelid = '${CHECKPOINTS}'::regclass AND attname = 'definition' AND NOT attisdropped`,
    );
    if (!hasDefinition) await client.query(`ALTER TABLE ${CHECKPOINTS} ADD COLUMN IF NOT EXISTS definition text`);
    await client.query(PARKED_DDL);

    const names = projections.map((p) => p.name);
    const definitions = projections.map(projectionDefinition);
    const { rows } = await client.query<{ projection: string; definition: string | null }>(
      `SELECT projection, definition FROM ${CHECKPOINTS} WHERE projection = ANY($1)`,
      [names],
    );
    const stored = new Map(rows.map((r) => [r.projection, r.definition]));
    const reset = projections
      .map((projection, i) => ({ projection, name: projection.name, was: stored.get(projection.name) ?? null, now: definitions[i]! }))
      .filter((r) => stored.has(r.name) && r.was !== r.now);
    await resetProjectionsOn(client, reset.map((r) => r.projection));

    for (const p of projections) await client.query(p.ddl);
    await client.query(
      `INSERT INTO ${CHECKPOINTS} (projection, position, definition) SELECT unnest($1::text[]), 0, unnest($2::text[])
       ON CONFLICT DO NOTHING`,
      [names, definitions],
    );
    return { reset: reset.map(({ name, was, now }) => ({ name, was, now })) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK.toString()]).catch(() => undefined);
    client.release();
  }
}

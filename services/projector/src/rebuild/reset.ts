// Drops and recreates projections' tables and puts their checkpoints at 0 with their current
// definition, in one transaction. Used by a rebuild, and at start for a changed projection.
import type pg from 'pg';
import { CHECKPOINTS } from '../names.ts';
import { projectionDefinition } from '../runner/definition.ts';
import { PARKED } from '../runner/parking.ts';
import type { Projection } from '../runner/projection.ts';

export async function resetProjections(pool: pg.Pool, projections: readonly Projection[]): Promise<void> {
  if (projections.length === 0) return;
  const client = await pool.connect();
  try {
    await resetProjectionsOn(client, projections);
  } finally {
    client.release();
  }
}

/** The same on a connection the caller holds (migrate holds its advisory lock on one). */
export async function resetProjectionsOn(client: pg.ClientBase, projections: readonly Projection[]): Promise<void> {
  if (projections.length === 0) return;
  try {
    await client.query('BEGIN');
    const sorted = [...projections].sort((a, b) => a.name.localeCompare(b.name));
    // Taken first, in the runner's order, so a live runner's batch finishes (or waits) cleanly.
    await client.query(`SELECT 1 FROM ${CHECKPOINTS} WHERE projection = ANY($1) ORDER BY projection FOR UPDATE`, [
      sorted.map((p) => p.name),
    ]);
    for (const p of sorted) {
      await client.query(`DROP TABLE IF EXISTS ${p.tables.join(', ')}`);
      await client.query(p.ddl);
    }
    await client.query(
      `INSERT INTO ${CHECKPOINTS} (projection, position, definition) SELECT unnest($1::text[]), 0, unnest($2::text[])
       ON CONFLICT (projection) DO UPDATE SET position = 0, definition = excluded.definition`,
      [sorted.map((p) => p.name), sorted.map(projectionDefinition)],
    );
    // A replay from 0 meets every parked event again: it parks again if it still fails.
    await client.query(`DELETE FROM ${PARKED} WHERE projection = ANY($1)`, [sorted.map((p) => p.name)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

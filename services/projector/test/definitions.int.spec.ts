// A projection whose code changed (its version or its DDL) is replayed from 0 at the next start;
// the others keep their rows and checkpoints. A store from before definitions were kept counts as
// changed. What is verified afterwards: the changed projection's rows equal a live run's, nothing
// else moved.
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections, migrateReadModels, projectionDefinition } from '../src/index.ts';
import type { Projection } from '../src/runner/projection.ts';
import { type TestDb, appendRecords, committedHead, dumpReadModels, openTestDb, projectToHead } from './support/db.ts';
import { scriptedLoad } from './support/scenario.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
const TIMELINE = 'readmodels.timeline';

/** allProjections with one of them replaced. */
const withChanged = (name: string, change: (p: Projection) => Projection) =>
  allProjections.map((p) => (p.name === name ? change(p) : p));

describe.skipIf(!server)('projection definitions', () => {
  let db: TestDb;
  let before: Record<string, unknown[]>;

  const checkpoints = async () =>
    (await db.pool.query<{ projection: string; position: string; definition: string | null }>(
      'SELECT projection, position, definition FROM readmodels.checkpoints ORDER BY projection',
    )).rows;
  const project = (projections: readonly Projection[]) => projectToHead(db, { projections, batchSize: 200 });

  beforeAll(async () => {
    db = await openTestDb('definitions'); // migrates once
    await appendRecords(db.store, scriptedLoad(21, 1200));
    await project(allProjections);
    before = await dumpReadModels(db.pool);
  });
  afterAll(async () => db?.close());

  it('stores each definition with its checkpoint; an unchanged start resets nothing', async () => {
    expect((await checkpoints()).map((c) => c.definition)).toEqual(
      [...allProjections].sort((a, b) => a.name.localeCompare(b.name)).map(projectionDefinition),
    );
    expect(await migrateReadModels(db.pool)).toEqual({ reset: [] });
    expect(await dumpReadModels(db.pool)).toEqual(before);
  });

  it('does not count re-indented DDL as a change', async () => {
    const reindented = withChanged('timeline', (p) => ({ ...p, ddl: p.ddl.replace(/\n\s*/g, '\n        ') }));
    expect(projectionDefinition(reindented.find((p) => p.name === 'timeline')!)).toBe(projectionDefinition(allProjections.find((p) => p.name === 'timeline')!));
    expect(await migrateReadModels(db.pool, reindented)).toEqual({ reset: [] });
  });

  it('replays a projection whose version went up, and only that one', async () => {
    const bumped = withChanged('timeline', (p) => ({ ...p, version: p.version + 1 }));
    const { reset } = await migrateReadModels(db.pool, bumped);
    const timeline = bumped.find((p) => p.name === 'timeline')!;
    expect(reset).toEqual([{ name: 'timeline', was: projectionDefinition(allProjections.find((p) => p.name === 'timeline')!), now: projectionDefinition(timeline) }]);

    // Right after the start: the timeline is empty at 0, the others untouched.
    const afterReset = await dumpReadModels(db.pool);
    expect(afterReset[TIMELINE]).toEqual([]);
    const cps = await checkpoints();
    expect(cps.find((c) => c.projection === 'timeline')).toEqual({ projection: 'timeline', position: '0', definition: projectionDefinition(timeline) });
    for (const table of Object.keys(before).filter((t) => !t.startsWith('readmodels.timeline') && t !== 'readmodels.checkpoints')) {
      expect(afterReset[table], table).toEqual(before[table]);
    }

    // The runner replays it; every table is back to the live run's rows.
    await project(bumped);
    const replayed = await dumpReadModels(db.pool);
    expect({ ...replayed, 'readmodels.checkpoints': undefined }).toEqual({ ...before, 'readmodels.checkpoints': undefined });
    const head = (await committedHead(db.pool)).toString();
    expect((await checkpoints()).map((c) => c.position)).toEqual(allProjections.map(() => head));

    // Shipping the old code again is a change too: back to exactly the first run's tables.
    expect((await migrateReadModels(db.pool)).reset.map((r) => r.name)).toEqual(['timeline']);
    await project(allProjections);
    expect(await dumpReadModels(db.pool)).toEqual(before);
  });

  it('replays a projection whose DDL changed, with the new columns in place', async () => {
    const widened = withChanged('vote_results', (p) => ({
      ...p,
      ddl: `${p.ddl}\nALTER TABLE readmodels.vote_results ADD COLUMN IF NOT EXISTS note text;`,
    }));
    const { reset } = await migrateReadModels(db.pool, widened);
    expect(reset.map((r) => r.name)).toEqual(['vote_results']);
    const { rows } = await db.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'readmodels' AND table_name = 'vote_results' AND column_name = 'note'`);
    expect(rows).toHaveLength(1);
    // Back to the shipped definition: the extra column goes again (the table is recreated).
    expect((await migrateReadModels(db.pool)).reset.map((r) => r.name)).toEqual(['vote_results']);
    const again = await db.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'readmodels' AND table_name = 'vote_results' AND column_name = 'note'`);
    expect(again.rows).toHaveLength(0);
    await project(allProjections);
    expect(await dumpReadModels(db.pool)).toEqual(before);
  });

  it('treats a checkpoint written before definitions were kept as changed', async () => {
    await db.pool.query(`UPDATE readmodels.checkpoints SET definition = NULL WHERE projection = 'speaking_time'`);
    const { reset } = await migrateReadModels(db.pool);
    expect(reset).toEqual([{ name: 'speaking_time', was: null, now: projectionDefinition(allProjections.find((p) => p.name === 'speaking_time')!) }]);
    await project(allProjections);
    expect(await dumpReadModels(db.pool)).toEqual(before);
  });
});

// The rebuild's lanes: a projection runs ahead of a slow one only within the lookahead, and a
// failing lane stops the whole replay (no hang, no lane left writing behind the caller's back).
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections, readCheckpoints, rebuildProjections } from '../src/index.ts';
import type { Projection } from '../src/runner/projection.ts';
import { type TestDb, appendRecords, openTestDb } from './support/db.ts';
import { scriptedLoad } from './support/scenario.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
const timeline = allProjections.find((p) => p.name === 'timeline')!;
const voice = allProjections.find((p) => p.name === 'voice_quality')!;

describe.skipIf(!server)('rebuild lanes', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('lanes');
    await appendRecords(db.store, scriptedLoad(11, 1500));
  });
  afterAll(async () => db?.close());

  it('keeps a fast lane within the lookahead of a slow one, and both reach the head', async () => {
    let slowBatches = 0;
    let maxLead = 0n;
    const slow: Projection = {
      ...voice,
      async apply(client, events) {
        slowBatches++;
        const ahead = (await readCheckpoints(db.pool, ['timeline'])).get('timeline')!;
        const lead = ahead - events[0]!.position;
        if (lead > maxLead) maxLead = lead;
        await new Promise((r) => setTimeout(r, 30));
        return voice.apply(client, events);
      },
    };
    const result = await rebuildProjections({ pool: db.pool, store: db.store, projections: [timeline, slow], batchSize: 100 });
    const head = await db.store.headPosition();
    expect(result.position).toBe(head);
    expect(await readCheckpoints(db.pool, ['timeline', 'voice_quality'])).toEqual(new Map([['timeline', head], ['voice_quality', head]]));
    expect(slowBatches).toBeGreaterThan(10);
    // Timeline ran ahead, but never more than the lookahead (3 pages of 100) past the slow lane.
    expect(maxLead).toBeGreaterThan(0n);
    expect(maxLead).toBeLessThanOrEqual(300n);
  });

  it('rejects when a lane loses its database, after every lane has stopped', async () => {
    let calls = 0;
    // A dropped connection (SQLSTATE class 08) fails every debate alike: it is not parked, it stops the lane.
    const failing: Projection = {
      ...voice,
      async apply(client, events) {
        if (++calls === 3) throw Object.assign(new Error('boom'), { code: '08006' });
        return voice.apply(client, events);
      },
    };
    await expect(rebuildProjections({ pool: db.pool, store: db.store, projections: [timeline, failing], batchSize: 100 })).rejects.toThrow('boom');
    const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
    expect(Number(rows[0]!.n)).toBe(0);
    // The failed lane kept its last committed batch: two of them.
    const voiceAt = (await readCheckpoints(db.pool, ['voice_quality'])).get('voice_quality')!;
    expect(voiceAt).toBeGreaterThan(0n);
    expect(voiceAt).toBeLessThan(await db.store.headPosition());
  });
});

// Poison events park their own debate, per projection; every other debate carries on; a retry
// after the fix heals the parked debate to exactly what a clean replay writes.
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allProjections, listParked, parkedCounts, readCheckpoints, resetProjections, retryParked, startProjections } from '../src/index.ts';
import type { Logger } from '../src/runner/startProjections.ts';
import type { Projection } from '../src/runner/projection.ts';
import { type TestDb, appendRecords, committedHead, dumpReadModels, openTestDb } from './support/db.ts';
import { scriptedLoad } from './support/scenario.ts';

/** Runs only these projections until their checkpoints hold everything appended so far. */
async function projectToHead(db: TestDb, options: { projections: Projection[]; batchSize: number; logger?: Logger }) {
  const running = await startProjections({ pool: db.pool, store: db.store, logger: { info() {}, error() {} }, ...options });
  const head = await committedHead(db.pool);
  const names = options.projections.map((p) => p.name);
  const deadline = Date.now() + 30_000;
  while ([...(await readCheckpoints(db.pool, names)).values()].some((c) => c < head)) {
    if (Date.now() > deadline) throw new Error(`${names.join(', ')} did not reach ${head}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await running.stop();
}

const server = requireService(await postgresForTests(), 'PostgreSQL');
const speaking = allProjections.find((p) => p.name === 'speaking_time')!;

/** speaking_time, with a bug that throws on one debate's TurnEnded while `broken.on`. */
const buggy = (debateId: string, broken: { on: boolean }): Projection => ({
  ...speaking,
  async apply(db, events) {
    if (broken.on && events.some((e) => e.debateId === debateId && e.event.type === 'TurnEnded')) throw new TypeError(`bug on ${debateId}`);
    return speaking.apply(db, events);
  },
});

describe.skipIf(!server)('parked debates', () => {
  let db: TestDb;
  let debates: string[];
  beforeEach(async () => {
    db = await openTestDb('parking');
    const records = scriptedLoad(7, 600, 4);
    debates = [...new Set(records.map((r) => r.debateId))];
    await appendRecords(db.store, records);
  });
  afterEach(async () => db?.close());

  it('parks only the debate whose event a projection cannot apply, at that event', async () => {
    const victim = debates[1]!;
    const broken = { on: true };
    const logged: unknown[] = [];
    await projectToHead(db, { projections: [buggy(victim, broken)], batchSize: 50, logger: { info() {}, error: (o) => logged.push(o) } });
    const parked = await listParked(db.pool);
    expect(parked.map((p) => [p.projection, p.debateId, p.eventType])).toEqual([['speaking_time', victim, 'TurnEnded']]);
    expect(parked[0]!.error).toMatch(/TypeError: bug on/);
    // Logged once, when parked — not once per batch or retry.
    expect(logged).toHaveLength(1);
    // Every other debate has its speaking-time rows; the parked one stops before its first TurnEnded.
    const { rows } = await db.pool.query<{ debate_id: string }>('SELECT DISTINCT debate_id FROM readmodels.speaking_turns');
    const projected = new Set(rows.map((r) => r.debate_id));
    for (const d of debates.filter((d) => d !== victim)) expect(projected.has(d), d).toBe(true);
    expect((await parkedCounts(db.pool, ['speaking_time'])).get('speaking_time')).toBe(1);
  });

  it('keeps later events of a parked debate waiting while the projection moves on', async () => {
    const victim = debates[0]!;
    const broken = { on: true };
    const p = buggy(victim, broken);
    await projectToHead(db, { projections: [p], batchSize: 50 });
    const before = await listParked(db.pool);
    // More events for every debate, the parked one included: it stays parked at the same event.
    await appendRecords(db.store, scriptedLoad(8, 200, 4).map((r, i) => ({ ...r, debateId: debates[i % debates.length]! })));
    await projectToHead(db, { projections: [p], batchSize: 50 });
    const after = await listParked(db.pool);
    expect(after.map((e) => [e.debateId, e.position])).toEqual(before.map((e) => [e.debateId, e.position]));
  });

  it('heals a parked debate on retry after the fix, to exactly the rows of a clean replay', async () => {
    const victim = debates[2]!;
    const broken = { on: true };
    const p = buggy(victim, broken);
    await projectToHead(db, { projections: [p], batchSize: 50 });
    expect(await listParked(db.pool)).toHaveLength(1);

    broken.on = false; // the fix is deployed
    const { outcomes } = await retryParked(db.pool, db.store, [p]);
    expect(outcomes.map((o) => [o.entry.debateId, o.healed])).toEqual([[victim, true]]);
    expect(await listParked(db.pool)).toEqual([]);
    const healed = (await dumpReadModels(db.pool))['readmodels.speaking_turns'];

    await resetProjections(db.pool, [speaking]);
    await projectToHead(db, { projections: [speaking], batchSize: 50 });
    expect((await dumpReadModels(db.pool))['readmodels.speaking_turns']).toEqual(healed);
  });

  it('keeps a debate parked, with the new error and one more attempt, when the retry still fails', async () => {
    const victim = debates[3]!;
    const p = buggy(victim, { on: true });
    await projectToHead(db, { projections: [p], batchSize: 50 });
    const { outcomes } = await retryParked(db.pool, db.store, [p]);
    expect(outcomes.map((o) => o.healed)).toEqual([false]);
    expect((await listParked(db.pool)).map((e) => e.attempts)).toEqual([2]);
  });
});

// Crash safety: a 10,000-event scripted load goes through the real PostgreSQL store while a
// projector child process is SIGKILLed at random moments (≥ 20 times) and restarted. At the end
// every read model must equal a clean rebuild: nothing lost, nothing doubled.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections, rebuildProjections } from '../src/index.ts';
import { type TestDb, appendRecords, committedHead, dumpReadModels, openTestDb, waitForCatchUp } from './support/db.ts';
import { type CommandRecord, rng, scriptedLoad } from './support/scenario.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
const packageDir = fileURLToPath(new URL('..', import.meta.url));
// 10 here, beside everything else in `npm test`: the fault suite (services/app/test/faults/
// projectorKills.e2e.spec.ts) kills the same process 100 times, alone, in CI.
const KILLS = 10;

function startProjector(url: string): { child: ChildProcess; started: Promise<void> } {
  // The projector process of the scaled setup (its entry lives in services/app: it composes the
  // projector with the accounts' event-store decorator).
  const child = spawn(process.execPath, ['--import', 'tsx', '../app/src/projectorProcess.ts'], {
    cwd: packageDir,
    // Small batches: more transactions, so kills land inside and between them.
    env: { ...process.env, DATABASE_URL: url, PROJECTOR_BATCH_SIZE: '150', PROJECTOR_POOL_SIZE: '2' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('projector started')) resolve();
    });
    child.once('exit', () => resolve());
  });
  return { child, started };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
/** Is any projection behind the store's head right now? */
async function behind(db: TestDb): Promise<boolean> {
  const { rows } = await db.pool.query<{ min: string }>('SELECT min(position) AS min FROM readmodels.checkpoints');
  return BigInt(rows[0]?.min ?? '0') < (await committedHead(db.pool));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Appends per debate in order, several debates at once (lanes), like concurrent rooms. */
async function appendConcurrently(db: TestDb, records: CommandRecord[], lanes = 4): Promise<void> {
  const byLane: CommandRecord[][] = Array.from({ length: lanes }, () => []);
  const laneOf = new Map<string, number>();
  for (const r of records) {
    if (!laneOf.has(r.debateId)) laneOf.set(r.debateId, laneOf.size % lanes);
    byLane[laneOf.get(r.debateId)!]!.push(r);
  }
  await Promise.all(byLane.map((lane) => appendRecords(db.store, lane)));
}

describe.skipIf(!server)('crash safety', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('crash');
  });
  afterAll(async () => db?.close());

  // ~50 s here (20 child starts dominate), ~60 s with both cores busy: room for a slower CI machine.
  it('survives repeated SIGKILLs of the projector process', { timeout: 240_000 }, async () => {
    const records = scriptedLoad(42, 10_000);
    const total = records.reduce((n, r) => n + r.events.length, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);
    const r = rng(4242);
    let kills = 0;
    let killsWhileBehind = 0;
    let loading = true;
    const load = appendConcurrently(db, records).finally(() => {
      loading = false;
    });
    // Kill at random moments after the process is up (it migrates and subscribes first), both
    // while the load runs and after it, until at least KILLS kills happened.
    while (loading || kills < KILLS) {
      const { child, started } = startProjector(db.url);
      await started;
      // Short: a restarted projector has the backlog of its downtime to catch up on, so most kills
      // land while it is working through it.
      await sleep(r.int(0, 150));
      if (await behind(db)) killsWhileBehind++;
      child.kill('SIGKILL');
      await exited(child);
      kills++;
    }
    await load;
    const { child } = startProjector(db.url);
    await waitForCatchUp(db.pool, 60_000);
    child.kill('SIGTERM');
    await exited(child);

    const survived = await dumpReadModels(db.pool);
    console.info(`crash test: ${kills} SIGKILLs, ${killsWhileBehind} while behind the head`);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    // Kills hit a projector with work in hand (a batch in flight or waiting), not an idle one.
    expect(killsWhileBehind).toBeGreaterThanOrEqual(KILLS / 4);
    expect(survived['readmodels.timeline']).toHaveLength(total);
    await rebuildProjections({ pool: db.pool, store: db.store, projections: allProjections });
    expect(await dumpReadModels(db.pool)).toEqual(survived);
  });
});

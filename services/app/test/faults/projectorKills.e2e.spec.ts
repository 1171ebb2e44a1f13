// Fault: the projector process SIGKILLed at random moments while users send commands to an API
// node (BOOKTALK_PROJECTORS=off) over HTTP. Verified afterwards: every read model equals a clean
// rebuild from the store, the timeline holds every event once (0 lost, 0 duplicated), and every
// acknowledged command's events are in the store exactly once.
// FAULT_PROJECTOR_KILLS (default 100, the issue's count; at most 100) sets how many kills. Each
// costs a process start, so the projector runs bundled (support/bundledEntry.ts): ~0.8 s to
// "projector started" instead of ~2.1 s through tsx on the 2-core build machine.
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from '../../bench/support/appProcess.ts';
import { JsonClient, inParallel } from '../../bench/support/http.ts';
import { type Started, startEntry } from '../support/processes.ts';
import { bundleEntry } from './support/bundledEntry.ts';
import { compareWithRebuild, waitForCatchUp } from './support/readModels.ts';
import { type Room, type Sent, openRoom, send } from './support/room.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
const KILLS = Math.min(100, Number(process.env.FAULT_PROJECTOR_KILLS ?? 100));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!server)('fault: projector process SIGKILLed during a command load', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AppProcess;
  let http: JsonClient;
  let pool: pg.Pool;
  let projectorEntry: string;

  beforeAll(async () => {
    db = await createTestDatabase('fault_projector');
    app = await startApp({ databaseUrl: db.url, env: { BOOKTALK_PROJECTORS: 'off', KAFKA_BROKERS: '' } });
    http = new JsonClient(app.url, 16);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    projectorEntry = await bundleEntry('services/app/src/projectorProcess.ts');
  }, 120_000);
  afterAll(async () => {
    http?.close();
    await app?.stop();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  // Small batches while killing (more transactions for the kills to land in), the default at the end.
  const startProjector = (batchSize = '50'): Promise<Started> =>
    startEntry(projectorEntry, { ...process.env, DATABASE_URL: db.url, KAFKA_BROKERS: '', PROJECTOR_BATCH_SIZE: batchSize, LOG_LEVEL: 'info' }, /projector started/);
  const behind = async () => {
    const { rows } = await pool.query<{ min: string | null; head: string | null }>(
      'SELECT (SELECT min(position) FROM readmodels.checkpoints) AS min, (SELECT max(position) FROM eventstore.events) AS head',
    );
    return BigInt(rows[0]?.min ?? '0') < BigInt(rows[0]?.head ?? '0');
  };

  it(`keeps every read model equal to a clean rebuild after ${KILLS} SIGKILLs`, { timeout: 420_000 }, async () => {
    const people = await inParallel(['Ada', 'Ben', 'Cy', 'Di'], 4, (n) => openRoom(http, `${n}'s night`));
    // 16 rooms, 4 per pair of accounts.
    const rooms: Room[] = [...people];
    for (const p of people) for (let k = 0; k < 3; k++) rooms.push(await openRoom(http, `${p.host.displayName} #${k}`, { host: p.host, speaker: p.speaker }));

    let loading = true;
    const sent: Sent[] = [];
    // 8 clients, each on its own rooms (per-room order as one user's clicks), until told to stop.
    const load = Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        const mine = rooms.filter((_r, i) => i % 8 === c);
        for (let i = 0; loading; i++) {
          sent.push(await send(http, mine[i % mine.length]!, i));
          await sleep(40); // ~150 commands/s in all: a busy evening, not a flood the projector can never catch
        }
      }),
    );
    let kills = 0;
    let whileBehind = 0;
    try {
      while (kills < KILLS) {
        const projector = await startProjector();
        await sleep(Math.random() * 300);
        if (await behind()) whileBehind++;
        await projector.stop('SIGKILL');
        kills++;
        if (kills % 5 === 0) console.info(`[fault projector] ${kills} kills, ${sent.length} commands sent`);
      }
    } finally {
      loading = false;
      await load;
    }
    const final = await startProjector('500');
    await waitForCatchUp(pool, 120_000);
    expect(await final.stop('SIGTERM')).toBe(0);

    const accepted = sent.filter((s) => s.reply?.status === 200);
    const refused = sent.filter((s) => s.reply && s.reply.status !== 200);
    const transportErrors = sent.flatMap((s) => (s.error ? [s.error] : []));
    // Every accepted command is in the store once (one event each in this load), nothing else is.
    const { rows } = await pool.query<{ command_id: string; n: string }>('SELECT command_id, count(*) AS n FROM eventstore.events GROUP BY command_id');
    const byCommand = new Map(rows.map((r) => [r.command_id, Number(r.n)]));
    const lost = accepted.filter((s) => byCommand.get(s.commandId) !== 1).length;
    const writtenWhenRefused = refused.filter((s) => byCommand.has(s.commandId)).length;
    const comparison = await compareWithRebuild(db.url);
    console.info(
      `[fault projector] injected: ${kills} SIGKILLs of the projector process (${whileBehind} while it was behind the head) during ${sent.length} commands ` +
        `(${accepted.length} accepted, ${refused.length} refused by the domain, ${sent.length - accepted.length - refused.length} transport errors` +
        `${transportErrors.length ? `: ${[...new Set(transportErrors)].join('; ')}` : ''}; ${http.resent} sent again on a fresh socket after a keep-alive reset). ` +
        `verified: ${comparison.events} events, ${comparison.timelineRows} timeline rows, ${lost} accepted commands missing or doubled, ` +
        `${writtenWhenRefused} refused commands written, read models ${comparison.equal ? 'equal to' : `DIFFERENT from (${comparison.differing.join(', ')})`} a clean rebuild`,
    );
    expect(kills).toBe(KILLS);
    expect(whileBehind, 'kills hit a projector with work in hand').toBeGreaterThanOrEqual(Math.floor(KILLS / 4));
    expect(sent.length - accepted.length - refused.length, 'transport errors').toBe(0);
    expect(lost).toBe(0);
    expect(writtenWhenRefused).toBe(0);
    expect(comparison.timelineRows).toBe(comparison.events);
    expect(comparison.differing).toEqual([]);
  });
});

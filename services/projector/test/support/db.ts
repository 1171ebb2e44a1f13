// A fresh database with the event store and the read models, and helpers to fill and inspect it.
import { createTestDatabase } from '@booktalk/infra/testing';
import { PostgresEventStore } from '@booktalk/eventstore';
import pg from 'pg';
import { migrateReadModels } from '../../src/migrate.ts';
import { type StartProjectionsOptions, startProjections } from '../../src/runner/startProjections.ts';
import { allProjections } from '../../src/projections/index.ts';
import { type CommandRecord, toNewEvents } from './scenario.ts';
import type { DebateEvent } from '@booktalk/contracts';

export interface TestDb {
  url: string;
  pool: pg.Pool;
  store: PostgresEventStore;
  close(): Promise<void>;
}

export async function openTestDb(prefix: string): Promise<TestDb> {
  const db = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: 6 });
  const store = await PostgresEventStore.connect({ connectionString: db.url, pollIntervalMs: 100, retryDelayMs: 50 });
  await migrateReadModels(pool);
  return {
    url: db.url,
    pool,
    store,
    async close() {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
}

/** Appends each command's events as one append, with the expected version tracked per stream. */
export async function appendRecords(store: PostgresEventStore, records: readonly CommandRecord[]): Promise<bigint> {
  let position = 0n;
  for (const r of records) position = (await store.append(`debate-${r.debateId}`, toNewEvents(r), 'any')).position;
  return position;
}

let seq = 0;
/** Hand-written events of one debate, as one command each, by `actorId`. */
export const asRecords = (debateId: string, events: DebateEvent[], actorId = 'host'): CommandRecord[] =>
  events.map((e) => ({
    debateId,
    commandId: `10000000-0000-4000-8000-${(++seq).toString(16).padStart(12, '0')}`,
    actor: { accountId: actorId, displayName: actorId },
    events: [e],
  }));

/** Every row of every read model (and the checkpoints), in primary-key order. */
export async function dumpReadModels(pool: pg.Pool): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['readmodels.checkpoints', ...allProjections.flatMap((p) => p.tables)]) {
    const { rows: pk } = await pool.query<{ col: string }>(
      `SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      [table],
    );
    const { rows } = await pool.query(`SELECT * FROM ${table} ORDER BY ${pk.map((c) => c.col).join(', ')}`);
    out[table] = rows;
  }
  return out;
}

/**
 * The last committed position, read from the table: what the tests appended, whatever rule the
 * store's reader follows for `headPosition()`.
 */
export async function committedHead(pool: pg.Pool): Promise<bigint> {
  const { rows } = await pool.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM eventstore.events');
  return BigInt(rows[0]?.head ?? '0');
}

/** Resolves once every projection's checkpoint reached everything committed before the call. */
export async function waitForCatchUp(pool: pg.Pool, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const head = await committedHead(pool);
  for (;;) {
    const { rows } = await pool.query<{ min: string }>('SELECT min(position) AS min FROM readmodels.checkpoints');
    if (BigInt(rows[0]?.min ?? '0') >= head) return;
    if (Date.now() > deadline) throw new Error(`projections did not reach ${head} (at ${rows[0]?.min})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the live projections until they hold everything appended so far, then stops them. */
export async function projectToHead(db: TestDb, options: Partial<StartProjectionsOptions> = {}): Promise<void> {
  const running = await startProjections({ pool: db.pool, store: db.store, logger: { info() {}, error: console.error }, ...options });
  await waitForCatchUp(db.pool);
  await running.stop();
}

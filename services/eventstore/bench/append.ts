// Quick throughput check against a running PostgreSQL (not part of the test run):
//   BENCH_DATABASE_URL=postgres://... npx tsx bench/append.ts [writers] [seconds] [variant] [per-call]
// variant: `shipped` (default), or `unlocked`: append_events without its xid/position lock
// (unsafe ordering; shows what the lock costs); `many`: appendMany with per-call appends
// (default 8) to different streams; `many-subtx`: the same through the design appendMany did not
// take, a BEGIN ... EXCEPTION subtransaction per item around append_events' logic (for its cost).
// It creates and drops its own database.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrations } from '../src/postgres/migrations.ts';
import { PostgresEventStore } from '../src/postgres/index.ts';
import { schemaNames } from '../src/postgres/schema.ts';

const baseUrl = process.env.BENCH_DATABASE_URL;
if (!baseUrl) throw new Error('Set BENCH_DATABASE_URL');
const writers = Number(process.argv[2] ?? 8);
const seconds = Number(process.argv[3] ?? 5);
const variant = process.argv[4] ?? 'shipped';
const perCall = variant.startsWith('many') ? Number(process.argv[5] ?? 8) : 1;

const dbName = `bench_${process.pid}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: writers + 2 });
const store = await PostgresEventStore.connect({ pool });

if (variant === 'unlocked') {
  const sql = migrations
    .find((m) => m.version === 2)!
    .sql(schemaNames())
    .replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION')
    .replace(/PERFORM pg_advisory_(un)?lock\([^)]*\);/g, '');
  await pool.query(sql);
} else if (variant === 'many-subtx') {
  await pool.query(subtransactionVariant());
} else if (variant !== 'shipped' && variant !== 'many') {
  throw new Error(`Unknown variant ${variant}`);
}

const payload = { text: 'x'.repeat(450), page: 12, side: 'pro' };
const metadata = () => ({ commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: 'bench', node: 'bench' });
let appended = 0;
const deadline = Date.now() + seconds * 1000;
const spoke = () => [{ type: 'Spoke', data: payload, metadata: metadata() }];
await Promise.all(
  Array.from({ length: writers }, async (_, w) => {
    let i = 0;
    while (Date.now() < deadline) {
      if (variant === 'many') {
        const requests = Array.from({ length: perCall }, () => ({ streamId: `bench-${w}-${i++ % 1000}`, events: spoke(), expectedVersion: 'any' as const }));
        await store.appendMany(requests);
      } else if (variant === 'many-subtx') {
        // Sorted by the lock key, as a real subtransaction design would have to (no deadlocks).
        const streams = Array.from({ length: perCall }, () => `bench-${w}-${i++ % 1000}`);
        const items = streams.map((s) => ({ s, e: spoke() }));
        await pool.query('SELECT eventstore.append_many_subtx($1)', [JSON.stringify(items)]);
      } else {
        await store.append(`bench-${w}-${i++ % 125}`, spoke(), 'any');
      }
      appended += perCall;
    }
  }),
);
console.log(`${variant}: ${writers} writers, ${perCall}/call, ${(appended / seconds).toFixed(0)} appends/s (1 event each)`);

const t0 = performance.now();
let read = 0;
for (let from = 0n; ; ) {
  const page = await store.readAll(from, 2000);
  read += page.events.length;
  from = page.nextPosition;
  if (page.isEnd) break;
}
console.log(`readAll: ${read} events at ${(read / ((performance.now() - t0) / 1000)).toFixed(0)} events/s (pages of 2000)`);

await store.close();
await pool.end();
await admin.query(`DROP DATABASE ${dbName}`);
await admin.end();

/**
 * The rejected design, for measurement only: append_events' body (minus its "own transaction"
 * check) as append_one, called per item inside BEGIN ... EXCEPTION, so a conflicting item rolls
 * back its own subtransaction only. Every item that writes takes a subtransaction id too.
 */
function subtransactionVariant(): string {
  const one = migrations
    .find((m) => m.version === 2)!
    .sql(schemaNames())
    .replace('append_events(', 'append_one(')
    .replace(/IF pg_current_xact_id_if_assigned\(\) IS NOT NULL THEN[\s\S]*?END IF;/, '');
  return `${one};
    CREATE FUNCTION eventstore.append_many_subtx(p_items jsonb) RETURNS integer LANGUAGE plpgsql AS $fn$
    DECLARE v_item jsonb; v_ok integer := 0;
    BEGIN
      FOR v_item IN SELECT value FROM jsonb_array_elements(p_items) ORDER BY hashtext(value->>'s') LOOP
        BEGIN
          PERFORM eventstore.append_one(v_item->>'s', -2, v_item->'e'->0->'metadata'->>'commandId', v_item->'e');
          v_ok := v_ok + 1;
        EXCEPTION WHEN sqlstate 'ES409' THEN
          NULL;
        END;
      END LOOP;
      RETURN v_ok;
    END $fn$;`;
}

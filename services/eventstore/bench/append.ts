// Quick throughput check against a running PostgreSQL (not part of the test run):
//   BENCH_DATABASE_URL=postgres://... npx tsx bench/append.ts [writers] [seconds] [variant]
// variant: `shipped` (default), or `unlocked`: append_events without its xid/position lock
// (unsafe ordering; shows what the lock costs). It creates and drops its own database.
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
} else if (variant !== 'shipped') {
  throw new Error(`Unknown variant ${variant}`);
}

const payload = { text: 'x'.repeat(450), page: 12, side: 'pro' };
const metadata = () => ({ commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: 'bench', node: 'bench' });
let appended = 0;
const deadline = Date.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: writers }, async (_, w) => {
    let i = 0;
    while (Date.now() < deadline) {
      await store.append(`bench-${w}-${i++ % 125}`, [{ type: 'Spoke', data: payload, metadata: metadata() }], 'any');
      appended++;
    }
  }),
);
console.log(`${variant}: ${writers} writers, ${(appended / seconds).toFixed(0)} appends/s (1 event each)`);

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

// bench:rebuild — (1) rebuild throughput of every read model from a 200,000-event store of
// realistic debates (decided by the domain), as a ratio to the ~64,000 events/s bare set-based
// ceiling measured on these machines (docs/infrastructure.md); (2) projection lag, append acknowledged →
// read models committed, p50/p99 under a steady command load.
//   npm run bench:rebuild -w @booktalk/projector [-- events]   (BENCH_DATABASE_URL optional)
import { mkdirSync, writeFileSync } from 'node:fs';
import { PostgresEventStore } from '@booktalk/eventstore';
import { createTestDatabase } from '@booktalk/infra/testing';
import pg from 'pg';
import { REBUILD_BATCH_SIZE, allProjections, migrateReadModels, rebuildProjections, startProjections } from '../src/index.ts';
import { progressBar } from '../src/rebuild/progressBar.ts';
import { type CommandRecord, rng, scriptDebate, scriptedLoad, toNewEvents } from '../test/support/scenario.ts';

const EVENTS = Number(process.argv[2] ?? 200_000);
const CEILING = 64_000;
const LANES = 4;

const db = await createTestDatabase('bench_rebuild');
const pool = new pg.Pool({ connectionString: db.url, max: 8 });
const store = await PostgresEventStore.connect({ connectionString: db.url, pollIntervalMs: 100 });
await migrateReadModels(pool);

// 1. Fill: debates decided by the domain, appended in chunks of ≤ 50 events per append (one
// synthetic command id per chunk), debates interleaved over 4 writers as concurrent rooms would be.
const fillStart = performance.now();
const r = rng(2026);
const debates: CommandRecord[][] = [];
let total = 0;
for (let n = 0; total < EVENTS; n++) {
  const script = scriptDebate(r, `b${n}`, Date.parse('2026-04-01T18:00:00Z') + n * 30_000);
  debates.push(script);
  total += script.reduce((s, c) => s + c.events.length, 0);
}
const chunk = (records: CommandRecord[]): CommandRecord[] => {
  const out: CommandRecord[] = [];
  let current: CommandRecord | null = null;
  for (const rec of records) {
    if (!current || current.events.length + rec.events.length > 50) {
      current = { ...rec, events: [] };
      out.push(current);
    }
    current.events.push(...rec.events);
  }
  return out;
};
await Promise.all(
  Array.from({ length: LANES }, async (_, lane) => {
    const mine = debates.filter((_d, i) => i % LANES === lane).map(chunk);
    // Round-robin over this lane's debates, 8 at a time, so a read page mixes many debates.
    for (let i = 0; i < mine.length; i += 8) {
      const group = mine.slice(i, i + 8);
      while (group.some((g) => g.length > 0)) {
        for (const g of group) {
          const c = g.shift();
          if (c) await store.append(`debate-${c.debateId}`, toNewEvents(c, 'bench'), 'any');
        }
      }
    }
  }),
);
const head = await store.headPosition();
const fillSeconds = (performance.now() - fillStart) / 1000;
process.stderr.write(`store: ${total} events in ${debates.length} debates (filled in ${fillSeconds.toFixed(1)} s)\n`);

// 2. Rebuild all read models from position 0.
const bar = progressBar();
const rebuilt = await rebuildProjections({ pool, store, projections: allProjections, onProgress: (p) => bar.update(p) });
bar.done(rebuilt);
const rebuildSeconds = rebuilt.elapsedMs / 1000;
const rebuildRate = rebuilt.events / rebuildSeconds;

// 3. Lag under a steady command load: one append per command, paced at `rate` commands/s.
async function lagAt(rate: number, seconds: number) {
  const appendedAt = new Map<bigint, number>();
  const lags: number[] = [];
  let committed = 0n;
  const running = await startProjections({
    pool,
    store,
    logger: { info() {}, error: console.error },
    onCommitted: ({ position }) => {
      const now = performance.now();
      for (const [p, t] of appendedAt) {
        if (p <= position) {
          lags.push(now - t);
          appendedAt.delete(p);
        }
      }
      committed = position;
    },
  });
  const load = scriptedLoad(rate, rate * seconds * 1.3, 20);
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      const lanes = load.filter((c) => Number.parseInt(c.debateId.replace(/\D+/g, '').slice(-3) || '0', 10) % LANES === lane);
      for (const c of lanes) {
        const due = started + (sent / rate) * 1000;
        if (due > started + seconds * 1000) break;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        sent++;
        const { position } = await store.append(`debate-${c.debateId}`, toNewEvents(c, 'bench'), 'any');
        if (position > committed) appendedAt.set(position, performance.now());
      }
    }),
  );
  const deadline = performance.now() + 10_000;
  while (appendedAt.size > 0 && performance.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  await running.stop();
  const achieved = sent / ((performance.now() - started) / 1000);
  lags.sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? NaN;
  return { commandsPerSecond: rate, achieved: Math.round(achieved), samples: lags.length, p50Ms: +pct(50).toFixed(1), p99Ms: +pct(99).toFixed(1), maxMs: +(lags.at(-1) ?? NaN).toFixed(1) };
}
const lag = [await lagAt(200, 10), await lagAt(1000, 10)];

const result = {
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  store: { events: total, debates: debates.length, head: head.toString(), fillSeconds: +fillSeconds.toFixed(1) },
  rebuild: {
    projections: allProjections.map((p) => p.name),
    batchSize: REBUILD_BATCH_SIZE,
    events: rebuilt.events,
    seconds: +rebuildSeconds.toFixed(2),
    eventsPerSecond: Math.round(rebuildRate),
    ratioToBareCeiling: +(rebuildRate / CEILING).toFixed(2),
    bareCeilingEventsPerSecond: CEILING,
  },
  lag,
};
console.log('\nRebuild of all read models');
console.table([{ events: result.rebuild.events, seconds: result.rebuild.seconds, 'events/s': result.rebuild.eventsPerSecond, 'ratio to 64k/s': result.rebuild.ratioToBareCeiling }]);
console.log('Projection lag (append acknowledged → read models committed)');
console.table(lag.map((l) => ({ 'target cmd/s': l.commandsPerSecond, 'achieved cmd/s': l.achieved, samples: l.samples, 'p50 ms': l.p50Ms, 'p99 ms': l.p99Ms, 'max ms': l.maxMs })));
const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('rebuild.json', dir), `${JSON.stringify(result, null, 2)}\n`);

await store.close();
await pool.end();
await db.drop();

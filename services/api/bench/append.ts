// Commands/s through the real command path (validate → decide on the cached fold → one-round-trip
// append on PostgreSQL) with 1, 8 and 32 concurrent clients over 1,000 live debates, with and
// without group commit (concurrent commands' appends sharing one transaction), plus a two-node run
// (separate caches and pools: real version conflicts) and the bare store for scale: store.append
// with 8 writers, and store.appendMany.
//   npm run bench:append [-- seconds-per-run]      (DATABASE_URL, else a throwaway test database)
//   BENCH_GROUP_COMMIT='{"maxInFlight":8,"busyInFlight":2}': group-commit options (default: the handler's).
// Prints a table and writes bench/results/append.json.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { DebateCommandSchema, type DebateCommandInput } from '@booktalk/contracts';
import { type Actor, isDomainError } from '@booktalk/domain';
import { type EventStore, PostgresEventStore } from '@booktalk/eventstore';
import { createTestDatabase } from '@booktalk/infra/testing';
import pg from 'pg';
import { CommandHandler, type GroupCommitOptions, type Logger, debateIdForCreate } from '../src/index.ts';

const SECONDS = Number(process.argv[2] ?? 8);
const DEBATES = 1_000;
const BARE_PG_TX_PER_S = 4_400; // docs/infrastructure.md: single-event transactions/s, 8 writers, this machine class
const GROUP_COMMIT = process.env.BENCH_GROUP_COMMIT ? (JSON.parse(process.env.BENCH_GROUP_COMMIT) as GroupCommitOptions) : {};

const actor = (accountId: string): Actor => ({ accountId, displayName: accountId });
const host = actor('host');
const speakers = [actor('alice'), actor('bob')];
const members = [...speakers, actor('carol'), actor('dave')];

// Own schema on a given database (dropped afterwards), or a throwaway database.
const given = process.env.DATABASE_URL;
const db = given ? null : await createTestDatabase('bench_append');
const url = given ?? db!.url;
const schema = `bench_${process.pid}`;
const pools: pg.Pool[] = [];
const stores: PostgresEventStore[] = [];
const newStore = async () => {
  const pool = new pg.Pool({ connectionString: url, max: 34 });
  pools.push(pool);
  const s = await PostgresEventStore.connect({ pool, schema });
  stores.push(s);
  return s;
};
const store = await newStore();

let conflicts = 0;
const noop = () => undefined;
const logger: Logger = { debug: (_f, m) => void (m?.includes('version conflict') && conflicts++), info: noop, warn: noop, error: noop };
// Store calls and the appends in them, to report appends per transaction.
const writes = { calls: 0, appends: 0 };
const counted = (s: EventStore): EventStore => ({
  append: (...args) => (writes.calls++, writes.appends++, s.append(...args)),
  appendMany: (requests) => (writes.calls++, (writes.appends += requests.length), s.appendMany(requests)),
  readStream: (...args) => s.readStream(...args),
  readAll: (...args) => s.readAll(...args),
  subscribeAll: (...args) => s.subscribeAll(...args),
  headPosition: () => s.headPosition(),
  close: () => s.close(),
});
const newHandler = (s: EventStore, node: string, groupCommit: boolean | GroupCommitOptions = true) =>
  new CommandHandler({ store: counted(s), node, logger, cacheSize: 2 * DEBATES, groupCommit });

const send = (h: CommandHandler, debateId: string, who: Actor, command: DebateCommandInput, commandId = randomUUID()) =>
  h.handle({ debateId, commandId, command: DebateCommandSchema.parse(command), actor: who });

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

// ---- setup: 1,000 debates live on the open floor with an open poll
const setupHandler = newHandler(store, 'bench-setup');
const debateIds: string[] = [];
const t0 = performance.now();
await pool(Array.from({ length: DEBATES }, () => randomUUID()), 32, async (commandId) => {
  const id = debateIdForCreate(commandId);
  const h = setupHandler;
  await send(h, id, host, { type: 'CreateDebate', data: { title: 'Bench debate', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Benchmarks tell the truth', format: 'free' } }, commandId);
  await send(h, id, host, { type: 'OpenDebate', data: {} });
  for (const m of members) await send(h, id, m, { type: 'JoinDebate', data: { role: speakers.includes(m) ? 'speaker' : 'audience' } });
  await send(h, id, host, { type: 'StartDebate', data: {} });
  await send(h, id, host, { type: 'AdvanceRound', data: { to: 'PRESENTATION' } });
  await send(h, id, host, { type: 'AdvanceRound', data: { to: 'FREE' } });
  await send(h, id, host, { type: 'OpenVote', data: { voteId: 'poll', question: 'Who wins?', options: ['pro', 'con'], kind: 'poll' } });
  debateIds.push(id);
});
console.log(`setup: ${DEBATES} debates, ${DEBATES * 11} commands in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// ---- the measured mix: 50 % chat, 30 % votes (cast / change / same again = no-op), 20 % hands
const hands = new Set<string>();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
function nextCommand(): { debateId: string; who: Actor; command: DebateCommandInput } {
  const debateId = pick(debateIds);
  const r = Math.random();
  if (r < 0.5) return { debateId, who: pick(members), command: { type: 'PostMessage', data: { kind: 'chat', text: `A thought about chapter ${Math.floor(Math.random() * 86)}: ${'x'.repeat(200)}` } } };
  if (r < 0.8) return { debateId, who: pick(members), command: { type: 'CastVote', data: { voteId: 'poll', option: pick(['pro', 'con']) } } };
  const who = pick(speakers);
  const key = `${debateId}/${who.accountId}`;
  const raised = hands.has(key);
  if (raised) hands.delete(key);
  else hands.add(key);
  return { debateId, who, command: { type: raised ? 'LowerHand' : 'RaiseHand', data: {} } };
}

interface Row {
  run: string;
  nodes: number;
  clients: number;
  commands: number;
  'commands/s': number;
  'events/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'conflict retries': number;
  'no-op': number;
  refused: number;
  'appends/tx': number;
  'x bare append (measured)': number;
  'x bare PG (4,400 tx/s)': number;
}
/** commands/s of bare store.append, 8 writers, measured first in this run. */
let bareMeasured = 0;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

async function run(name: string, handlers: CommandHandler[], clients: number): Promise<Row> {
  conflicts = 0;
  writes.calls = 0;
  writes.appends = 0;
  const latencies: number[] = [];
  let events = 0;
  let noops = 0;
  let refused = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    const h = handlers[c % handlers.length]!;
    while (performance.now() < deadline) {
      const { debateId, who, command } = nextCommand();
      const t = performance.now();
      try {
        const result = await send(h, debateId, who, command);
        events += result.events.length;
        if (result.events.length === 0) noops++;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        refused++;
      }
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const perSecond = latencies.length / seconds;
  return {
    run: name,
    nodes: handlers.length,
    clients,
    commands: latencies.length,
    'commands/s': round(perSecond),
    'events/s': round(events / seconds),
    'p50 ms': round(pct(latencies, 50), 2),
    'p99 ms': round(pct(latencies, 99), 2),
    'conflict retries': conflicts,
    'no-op': noops,
    refused,
    'appends/tx': round(writes.appends / Math.max(1, writes.calls), 1),
    'x bare append (measured)': round(perSecond / bareMeasured, 2),
    'x bare PG (4,400 tx/s)': round(events / seconds / BARE_PG_TX_PER_S, 2),
  };
}

const spoke = (commandId = randomUUID()) => [{ type: 'Spoke', data: { text: 'x'.repeat(450) }, metadata: { commandId, correlationId: commandId, causationId: null, actorId: 'bench', node: 'bench' } }];

/**
 * The store alone on this machine now: one-event appends, no decide. `perCall` 1: store.append;
 * more: store.appendMany with that many appends (different streams) per call. Rows count appends.
 */
async function bare(writers: number, perCall: number): Promise<Row> {
  const latencies: number[] = [];
  let appends = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t = performance.now();
      if (perCall === 1) await store.append(`bare-${w}-${i % 125}`, spoke(), 'any');
      else await store.appendMany(Array.from({ length: perCall }, (_, k) => ({ streamId: `bare-${w}-${(i * perCall + k) % 1000}`, events: spoke(), expectedVersion: 'any' as const })));
      appends += perCall;
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const perSecond = appends / seconds;
  if (perCall === 1 && writers === 8) bareMeasured = perSecond;
  return {
    run: perCall === 1 ? 'bare store.append' : `bare store.appendMany (${perCall}/call)`,
    nodes: 1,
    clients: writers,
    commands: appends,
    'commands/s': round(perSecond),
    'events/s': round(perSecond),
    'p50 ms': round(pct(latencies, 50), 2),
    'p99 ms': round(pct(latencies, 99), 2),
    'conflict retries': 0,
    'no-op': 0,
    refused: 0,
    'appends/tx': perCall,
    'x bare append (measured)': round(perSecond / bareMeasured, 2),
    'x bare PG (4,400 tx/s)': round(perSecond / BARE_PG_TX_PER_S, 2),
  };
}

const grouped = newHandler(store, 'bench-1', GROUP_COMMIT);
const ungrouped = newHandler(store, 'bench-1u', false);
const two = [grouped, newHandler(await newStore(), 'bench-2', GROUP_COMMIT)];
// Warm the caches (as a running node would have them) so the runs measure steady state.
const warm = (handlers: CommandHandler[]) => pool(debateIds, 32, async (id) => void (await Promise.all(handlers.map((h) => h.loadDebateState(id)))));

const rows: Row[] = [];
rows.push(await bare(8, 1)); // first: every other row's ratio is against it
rows.push(await bare(1, 32));
rows.push(await bare(8, 8));
// Interleaved, so a change in the machine's load hits both variants alike. The two handlers have
// their own caches over the same debates: bring the one about to run up to date first (reads only
// the tails), or its first commands would conflict like a second node's.
for (const clients of [1, 8, 32]) {
  await warm([ungrouped]);
  rows.push(await run('command path, no group commit', [ungrouped], clients));
  await warm([grouped]);
  rows.push(await run('command path, group commit', [grouped], clients));
}
await warm(two);
rows.push(await run('command path, 2 nodes, group commit', two, 32));
console.table(rows);

const results = {
  at: new Date().toISOString(),
  secondsPerRun: SECONDS,
  debates: DEBATES,
  mix: '50% PostMessage, 30% CastVote (cast/change/no-op), 20% RaiseHand/LowerHand',
  machine: { cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg() },
  reference: { barePostgresSingleEventTxPerSecond8Writers: BARE_PG_TX_PER_S, bareStoreAppend8WritersMeasured: round(bareMeasured) },
  groupCommit: { maxBatch: 64, maxInFlight: 8, busyInFlight: 2, ...GROUP_COMMIT },
  rows,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/append.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results/append.json');

await Promise.all(stores.map((s) => s.close()));
await pools[0]!.query(`DROP SCHEMA ${schema} CASCADE`);
await Promise.all(pools.map((p) => p.end()));
await db?.drop();

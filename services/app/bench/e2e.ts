// bench:e2e — what a user gets from the running app. Starts the app as `npm start` does (its own
// process; a fresh database on the test server, projectors in-process), drives it from a load
// generator in another process (loadgen.ts) and measures, in one run:
//   1. commands end to end over HTTP and over the socket, 1/8/32/128 clients over 1,000 debates,
//      as ratios to a bare GET /health of the same app;   2. command → S_DEBATE_STATE at every
//      subscriber, 100–2,000 clients over 50 debates at 200 commands/s;   3. voice relay latency;
//   4. memory per subscribed socket;   5. replay of a 100,000-event debate (HTTP and the fold);
//   7. turn timing (warnings and expiries vs their deadlines, 200 debates with timed turns);
//   8. mesh audio in headless Chromium (mesh.ts: an app of its own with the web build, after the rest).
// Absolute numbers move with the machine's other load; the ratios within one run are what to read.
//   npm run bench:e2e -w @booktalk/app   (BENCH_SECONDS=6 per row, BENCH_FIGURES=1,2,3,4,5,7,8,
//   BENCH_PROFILE=auto|always|never: a CPU profile of the app under the HTTP load when goal 1 is missed)
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DebateEvent, type DebateState, currentSchemaVersion, debateStreamId, evolve, upcastEvent } from '@booktalk/contracts';
import { PostgresEventStore } from '@booktalk/eventstore';
import { createTestDatabase } from '@booktalk/infra/testing';
import { tables } from '@booktalk/projector';
import pg from 'pg';
import type { Job, LoopResult, Receive, Target } from './loadgen.ts';
import { crossNodeFigure } from './crossNode.ts';
import { meshFigure } from './mesh.ts';
import { type AppProcess, startApp } from './support/appProcess.ts';
import { JsonClient, command, createDebate, guest, inParallel, signUp } from './support/http.ts';
import { fanoutLatencies } from './support/fanout.ts';
import { topFrames } from './support/profile.ts';
import { type Percentiles, percentiles } from './support/stats.ts';

const { SNAPSHOT_EVERY } = tables;

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(here, 'results');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const FIGURES = new Set((process.env.BENCH_FIGURES ?? '1,2,2x,3,4,5,7,8').split(',').map((s) => s.trim()));
const PROFILE = process.env.BENCH_PROFILE ?? 'auto';
const CLIENTS = [1, 8, 32, 128];
const FANOUT_LEVELS = (process.env.BENCH_FANOUT ?? '100,500,1000,2000').split(',').map(Number);
// Figure 8 brings its own app and people: alone, it needs none of the shared setup.
const SHARED_SETUP = [...FIGURES].some((f) => f !== '8' && f !== '2x');
const DEBATES = SHARED_SETUP ? 1_000 : 0;
const HOSTS = SHARED_SETUP ? 128 : 0;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** One figure's line: what was measured, its goal, and whether the goal is met. */
interface Verdict {
  figure: string;
  measured: string;
  goal: string;
  met: boolean | null;
}
const verdicts: Verdict[] = [];
const results: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: os.loadavg().map((l) => +l.toFixed(2)) },
  startedAt: new Date().toISOString(),
  secondsPerRow: SECONDS,
};

class LoadGenerator {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly child: ChildProcess;
  constructor() {
    this.child = fork(path.join(here, 'loadgen.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
    this.child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load generator exited with ${code}`));
    });
  }
  run<T>(job: Job): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, job });
    });
  }
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    await this.run({ op: 'close' }).catch(() => undefined);
    await gone;
  }
}

/** Waits (bounded) until every projection holds what is committed now: a figure starts without another's backlog. */
async function projectionsCaughtUp(databaseUrl: string, timeoutMs = 120_000): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ head: string | null }>('SELECT max(position)::text AS head FROM eventstore.events');
    const head = BigInt(rows[0]?.head ?? '0');
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const { rows: c } = await pool.query<{ min: string | null }>('SELECT min(position)::text AS min FROM readmodels.checkpoints');
      if (BigInt(c[0]?.min ?? '0') >= head) return;
      await sleep(200);
    }
    log(`projections still behind ${head} after ${timeoutMs} ms`);
  } finally {
    await pool.end();
  }
}

/** RSS once it stopped moving (two readings 1 s apart within 1 MB, at most 15 s). */
async function settledRss(read: () => number): Promise<number> {
  let previous = read();
  for (let i = 0; i < 15; i++) {
    await sleep(1_000);
    const now = read();
    if (Math.abs(now - previous) < 1_048_576) return now;
    previous = now;
  }
  return previous;
}

/**
 * The app's live heap, as its /metrics says (prom-client's nodejs_heap_size_used_bytes): the
 * lowest of 20 readings over 5 s, i.e. what is left right after a collection, not the garbage
 * between collections. Heap, unlike RSS, moves with a few MB of sockets.
 */
async function settledHeap(base: string): Promise<number> {
  let low = Infinity;
  for (let i = 0; i < 20; i++) {
    const text = await (await fetch(`${base}/metrics`)).text();
    const m = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
    if (m) low = Math.min(low, Number(m[1]));
    await sleep(250);
  }
  return low;
}

type Loop = { ok: number; errors: number; firstError: string; perSecond: number } & Percentiles;
const merge = (slices: LoopResult[]): Loop => {
  const seconds = slices.reduce((n, s) => n + s.seconds, 0);
  const ok = slices.reduce((n, s) => n + s.ok, 0);
  return {
    ok,
    errors: slices.reduce((n, s) => n + s.errors, 0),
    firstError: slices.find((s) => s.firstError)?.firstError ?? '',
    perSecond: Math.round(ok / seconds),
    ...percentiles(slices.flatMap((s) => s.latencies)),
  };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
const db = await createTestDatabase('bench_e2e');
let app: AppProcess | undefined;
const generators: LoadGenerator[] = [];
const newGenerator = () => {
  const g = new LoadGenerator();
  generators.push(g);
  return g;
};
// BENCH_PROFILE=always: the main run itself is profiled, and each figure's load window gets its top frames.
const profileAll = PROFILE === 'always';
const runProfileDir = path.join(resultsDir, 'profile-run');
const windows = new Map<string, { fromMs: number; toMs: number }[]>();
let spawned = 0;
const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const fromMs = performance.now() - spawned;
  try {
    return await work();
  } finally {
    windows.set(name, [...(windows.get(name) ?? []), { fromMs, toMs: performance.now() - spawned }]);
  }
};
try {
  if (profileAll) {
    rmSync(runProfileDir, { recursive: true, force: true });
    mkdirSync(runProfileDir, { recursive: true });
  }
  spawned = performance.now();
  app = await startApp({ databaseUrl: db.url, nodeArgs: profileAll ? ['--cpu-prof', `--cpu-prof-dir=${runProfileDir}`] : [] });
  const http = new JsonClient(app.url, 32);
  log(`app up at ${app.url} (database ${new URL(db.url).pathname.slice(1)})`);

  // Setup: hosts (accounts: guests cannot host), 1,000 open debates, each host joined to its own.
  const hosts = await inParallel(Array.from({ length: HOSTS }, (_, i) => `Host ${i}`), 8, (name) => signUp(http, name));
  const debateIds = await inParallel(Array.from({ length: DEBATES }, (_, i) => i), 16, async (i) => {
    const host = hosts[i % HOSTS]!;
    const id = await createDebate(http, host, `Bench debate ${i}`);
    await command(http, host.token, id, 'OpenDebate');
    await command(http, host.token, id, 'JoinDebate', { role: 'audience' });
    return id;
  });
  const targets: Target[] = debateIds.map((debateId, i) => ({ debateId, token: hosts[i % HOSTS]!.token }));
  log(`setup: ${HOSTS} accounts, ${DEBATES} open debates`);

  // 4. Memory per subscribed socket, on the fresh app before any load (so the delta is the
  // sockets', not heap a load leaves behind): RSS settled before and after, sockets closed after.
  const fanDebates = debateIds.slice(0, 50);
  const maxLevel = Math.max(...FANOUT_LEVELS);
  const guests = FIGURES.has('2') || FIGURES.has('4') ? await inParallel(Array.from({ length: maxLevel }, (_, i) => `Listener ${i}`), 16, (name) => guest(http, name)) : [];
  let memoryRow: { clients: number; 'RSS before MB': number; 'RSS subscribed MB': number; 'KB / socket': number; 'heap KB / socket': number } | undefined;
  if (FIGURES.has('4')) {
    // 4 first, on its own: RSS before and after all subscribers connect (no command load yet, so
    // the delta is the sockets', not the heap a load leaves behind). Those sockets close after.
    await projectionsCaughtUp(db.url);
    const current = app;
    const rssBefore = await settledRss(() => current.rssBytes());
    const heapBefore = await settledHeap(app.url);
    const memory = newGenerator();
    await memory.run({ op: 'subscribe', base: app.url, subscribers: guests.map((g, k) => ({ token: g.token, debateId: fanDebates[k % fanDebates.length]! })) });
    const rssAll = await settledRss(() => current.rssBytes());
    const heapAll = await settledHeap(app.url);
    await memory.close();
    memoryRow = {
      clients: maxLevel,
      'RSS before MB': +(rssBefore / 1048576).toFixed(1),
      'RSS subscribed MB': +(rssAll / 1048576).toFixed(1),
      'KB / socket': +((rssAll - rssBefore) / maxLevel / 1024).toFixed(1),
      'heap KB / socket': +((heapAll - heapBefore) / maxLevel / 1024).toFixed(1),
    };
    results.memory = memoryRow;
    await sleep(2_000);
    console.log('\n4. Memory per connected, subscribed socket (app RSS delta / sockets, before any command load)');
    console.table([memoryRow]);
    // Sockets that fit into heap the set-up left free do not move RSS: under 1 MB of change says
    // nothing (no verdict), not "met".
    const moved = memoryRow['RSS subscribed MB'] - memoryRow['RSS before MB'] >= 1;
    // Without an RSS move, the settled heap delta is the figure (it leaves out socket buffers
    // outside the JS heap, so it is a lower bound).
    verdicts.push({
      figure: `4. memory per subscribed socket (${maxLevel} clients)`,
      measured: moved ? `${memoryRow['KB / socket']} KB RSS (heap ${memoryRow['heap KB / socket']} KB)` : `heap ${memoryRow['heap KB / socket']} KB (RSS did not move)`,
      goal: '≤ 40 KB',
      met: moved ? memoryRow['KB / socket'] <= 40 : memoryRow['heap KB / socket'] <= 40,
    });
  }

  // 1. Commands end to end, HTTP and socket, against GET /health of the same app in the same run.
  if (FIGURES.has('1')) {
    const rows: Record<string, unknown>[] = [];
    const gen = newGenerator();
    const sessions = hosts.map((h, i) => ({ token: h.token, debateIds: debateIds.filter((_, d) => d % HOSTS === i) }));
    // Each row is measured in 3 slices, interleaved with the other two kinds, so a change in the
    // machine's other load during the row hits all three alike and the ratios stay comparable.
    const SLICES = 3;
    for (const clients of CLIENTS) {
      const slices: Record<'health' | 'http' | 'socket', LoopResult[]> = { health: [], http: [], socket: [] };
      const seconds = SECONDS / SLICES;
      for (let k = 0; k < SLICES; k++) {
        const base = app.url;
        slices.health.push(await timed(`GET /health, ${clients} clients`, () => gen.run<LoopResult>({ op: 'http', base, kind: 'health', clients, seconds, targets: [] })));
        slices.http.push(await timed(`HTTP commands, ${clients} clients`, () => gen.run<LoopResult>({ op: 'http', base, kind: 'commands', clients, seconds, targets })));
        slices.socket.push(await timed(`socket commands, ${clients} clients`, () => gen.run<LoopResult>({ op: 'socketCommands', base, sessions, clients, seconds })));
      }
      const [health, httpCommands, socketCommands] = [merge(slices.health), merge(slices.http), merge(slices.socket)];
      for (const [what, r] of [['GET /health', health], ['HTTP command', httpCommands], ['socket C_COMMAND', socketCommands]] as const) {
        rows.push({ what, clients, 'per s': r.perSecond, 'p50 ms': r.p50, 'p99 ms': r.p99, errors: r.errors, '× /health': +(r.perSecond / health.perSecond).toFixed(2), ...(r.firstError ? { firstError: r.firstError.slice(0, 200) } : {}) });
      }
      log(`figure 1, ${clients} clients: /health ${health.perSecond}/s, HTTP ${httpCommands.perSecond}/s, socket ${socketCommands.perSecond}/s`);
    }
    await gen.close();
    results.commands = rows;
    console.log('\n1. Commands end to end (chat messages over 1,000 debates, projectors in-process)');
    console.table(rows);
    const at32 = rows.find((r) => r.what === 'HTTP command' && r.clients === 32)!;
    const bestSocket = Math.max(...rows.filter((r) => r.what === 'socket C_COMMAND').map((r) => r['per s'] as number));
    verdicts.push({ figure: '1. HTTP commands / GET /health, 32 clients', measured: `${at32['× /health']}× (${at32['per s']}/s)`, goal: '≥ 0.5×', met: (at32['× /health'] as number) >= 0.5 });
    verdicts.push({ figure: '1. socket C_COMMAND, best of 1–128 clients', measured: `${bestSocket}/s`, goal: '≥ 5,000/s', met: bestSocket >= 5_000 });
  }

  // 3. Voice relay on one node: two participants in the voice room, 1,000 offers one after another.
  if (FIGURES.has('3')) {
    const gen = newGenerator();
    const debateId = debateIds[0]!;
    const peer = hosts[1]!;
    await command(http, peer.token, debateId, 'JoinDebate', { role: 'speaker' });
    await projectionsCaughtUp(db.url);
    const relay = await gen.run<Percentiles>({ op: 'relay', base: app.url, debateId, a: hosts[0]!, b: peer, n: 1_000 });
    await gen.close();
    results.relay = relay;
    console.log('\n3. Voice relay C_VOICE_OFFER → S_VOICE_OFFER, same node (ms)');
    console.table([relay]);
    verdicts.push({ figure: '3. voice relay, same node', measured: `p50 ${relay.p50} / p99 ${relay.p99} ms`, goal: '(no goal in the issue: reported)', met: null });
  }

  // 2 + 4. Fan-out of projected state to subscribers, and memory per subscribed socket.
  if (FIGURES.has('2')) {
    // Figure 1's load leaves the projections behind: measure the push, not that backlog.
    await projectionsCaughtUp(db.url);
    const gen = newGenerator();
    const drivers = fanDebates.map((debateId, i) => ({ debateId, token: hosts[i % HOSTS]!.token }));
    const rows: Record<string, unknown>[] = [];
    let connected = 0;
    for (const level of FANOUT_LEVELS) {
      const subscribers = guests.slice(connected, level).map((g, k) => ({ token: g.token, debateId: fanDebates[(connected + k) % fanDebates.length]! }));
      await gen.run({ op: 'subscribe', base: app.url, subscribers });
      connected = level;
      await sleep(1_500);
      const rss = app.rssBytes();
      await gen.run({ op: 'record', on: true });
      const base = app.url;
      const drive = await timed(`fan-out, ${level} subscribers`, () =>
        gen.run<{ sent: { debateId: string; position: string; t: number }[]; errors: number; achieved: number }>({ op: 'drive', base, targets: drivers, rate: 200, seconds: SECONDS }),
      );
      const lastSent: Record<string, string> = {};
      for (const c of drive.sent) if (BigInt(c.position) > BigInt(lastSent[c.debateId] ?? '0')) lastSent[c.debateId] = c.position;
      await gen.run({ op: 'drain', positions: lastSent, timeoutMs: 15_000 });
      await gen.run({ op: 'record', on: false });
      const receives = await gen.run<Receive[]>({ op: 'dump' });
      const { deliveries, lastPerCommand, missing } = fanoutLatencies(drive.sent, receives, level, (k) => fanDebates[k % fanDebates.length]!);
      const d = percentiles(deliveries);
      const all = percentiles(lastPerCommand);
      rows.push({ clients: level, 'cmd/s': drive.achieved, deliveries: d.n, 'missing (15 s)': missing, 'p50 ms': d.p50, 'p95 ms': d.p95, 'p99 ms': d.p99, 'last of a command p99 ms': all.p99, 'app RSS MB': +(rss / 1048576).toFixed(1), errors: drive.errors });
      log(`figure 2, ${level} clients: p99 ${d.p99} ms, ${missing} missing`);
    }
    await gen.close();
    results.fanout = rows;
    console.log('\n2. Command (HTTP) → S_DEBATE_STATE at every subscriber, 50 debates, 200 commands/s open loop, one node');
    console.table(rows);
    const at1000 = rows.find((r) => r.clients === 1000) ?? rows.at(-1)!;
    verdicts.push({ figure: `2. command → push p99 at ${at1000.clients} clients, one node`, measured: `${at1000['p99 ms']} ms (${at1000['missing (15 s)']} missing)`, goal: '< 15 ms', met: (at1000['p99 ms'] as number) < 15 && at1000['missing (15 s)'] === 0 });
  }

  // 7. Turn timing: 200 debates on the open floor, one timed turn each (5 s, and 11 s for a 10 s
  // warning at +1 s), a subscriber per debate. Lateness = applied (event committed) / pushed
  // (S_DEBATE_STATE received) minus the deadline.
  if (FIGURES.has('7')) {
    await projectionsCaughtUp(db.url);
    const gen = newGenerator();
    const N = 200;
    const turnDebates = await inParallel(Array.from({ length: N }, (_, i) => i), 16, async (i) => {
      const host = hosts[i % HOSTS]!;
      const id = await createDebate(http, host, `Timed debate ${i}`);
      const speaker = hosts[(i + 1) % HOSTS]!;
      const steps = [[host, 'OpenDebate'], [speaker, 'JoinDebate', { role: 'speaker' }], [host, 'StartDebate'], [host, 'AdvanceRound'], [speaker, 'YieldTurn'], [speaker, 'RaiseHand']] as const;
      for (const [who, type, data] of steps) await command(http, who.token, id, type, data ?? {});
      return { id, host };
    });
    const watchers = await inParallel(turnDebates, 16, (d, i) => guest(http, `Watcher ${i}`).then((g) => ({ token: g.token, debateId: d.id })));
    await gen.run({ op: 'subscribe', base: app.url, subscribers: watchers });
    await gen.run({ op: 'record', on: true });
    await inParallel(turnDebates, 8, (d, i) => command(http, d.host.token, d.id, 'GrantTurn', { durationMs: i % 2 === 0 ? 5_000 : 11_000 }));
    // Wait for every expiry to be pushed (bounded).
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const streams = turnDebates.map((d) => debateStreamId(d.id));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM eventstore.events WHERE stream_id = ANY($1) AND type = 'TurnEnded' AND data->>'reason' = 'expired'`, [streams]);
      if (Number(rows[0]!.n) >= N) break;
      await sleep(250);
    }
    await sleep(1_000);
    await gen.run({ op: 'record', on: false });
    const receives = await gen.run<Receive[]>({ op: 'dump' });
    await gen.close();
    const { rows: timed } = await pool.query<{ stream_id: string; type: string; position: string; at: Date; data: { remainingMs?: number; reason?: string; turnNo: number } }>(
      `SELECT stream_id, type, position::text, occurred_at AS at, data FROM eventstore.events
        WHERE stream_id = ANY($1) AND (type = 'TurnWarningIssued' OR (type = 'TurnEnded' AND data->>'reason' = 'expired')) ORDER BY position`,
      [streams],
    );
    await pool.end();
    const byDebate = new Map<string, Receive[]>();
    for (const r of receives) {
      if (!byDebate.has(r[1])) byDebate.set(r[1], []);
      byDebate.get(r[1])!.push(r);
    }
    const applied = { warning: [] as number[], expiry: [] as number[] };
    const pushed = { warning: [] as number[], expiry: [] as number[] };
    let unpushed = 0;
    for (const e of timed) {
      const debateId = e.stream_id.replace(/^debate-/, '');
      const seen = byDebate.get(debateId) ?? [];
      const turn = seen.find((r) => r[4]?.turnNo === e.data.turnNo)?.[4];
      if (!turn) continue;
      const kind = e.type === 'TurnWarningIssued' ? 'warning' : 'expiry';
      const due = Date.parse(turn.endsAt) - (kind === 'warning' ? e.data.remainingMs! : 0);
      applied[kind].push(e.at.getTime() - due);
      const push = seen.find((r) => BigInt(r[2]) >= BigInt(e.position));
      if (push) pushed[kind].push(push[3] - due);
      else unpushed++;
    }
    const rows = (['warning', 'expiry'] as const).flatMap((kind) => [
      { what: `${kind} applied (committed) − deadline`, ...percentiles(applied[kind]) },
      { what: `${kind} pushed (received) − deadline`, ...percentiles(pushed[kind]) },
    ]);
    results.turns = { debates: N, unpushed, rows };
    console.log(`\n7. Turn timing, ${N} debates with timed turns (ms late; ${unpushed} not pushed)`);
    console.table(rows);
    const worst = Math.max(percentiles(pushed.warning).p99, percentiles(pushed.expiry).p99);
    verdicts.push({ figure: '7. turn timing: warning / expiry pushed − deadline, p99', measured: `${percentiles(pushed.warning).p99} / ${percentiles(pushed.expiry).p99} ms (${pushed.expiry.length} expiries, ${pushed.warning.length} warnings)`, goal: '< 50 ms', met: worst < 50 && unpushed === 0 && pushed.expiry.length === N });
  }

  // 5. Replay: 100,000 events appended straight to the store in one debate (hands raised and
  // lowered: no personal fields to seal), projected (snapshots every 200), then the state at
  // random instants through the HTTP route, cold (first asks) and warm (the same again).
  if (FIGURES.has('5')) {
    const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 100_000);
    const host = hosts[0]!;
    const debateId = debateIds[1]!;
    const store = await PostgresEventStore.connect({ connectionString: db.url });
    const t0 = Date.now() - EVENTS * 10;
    for (let i = 0; i < EVENTS; i += 1_000) {
      const commandId = randomUUID();
      const events = Array.from({ length: Math.min(1_000, EVENTS - i) }, (_, k) => {
        const n = i + k;
        const at = new Date(t0 + n * 10).toISOString();
        const raised = n % 2 === 0;
        const type = raised ? 'TurnRequested' : 'TurnRequestWithdrawn';
        return {
          type,
          data: raised ? { accountId: host.accountId, side: null, at } : { accountId: host.accountId, at },
          schemaVersion: currentSchemaVersion(type),
          metadata: { commandId, correlationId: commandId, causationId: null, actorId: host.accountId, node: 'bench' },
        };
      });
      await store.append(debateStreamId(debateId), events, 'any');
    }
    await projectionsCaughtUp(db.url);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const { rows: span } = await pool.query<{ lo: string; hi: string }>(`SELECT min(position)::text AS lo, max(position)::text AS hi FROM eventstore.events WHERE stream_id = $1`, [debateStreamId(debateId)]);
    const lo = Number(span[0]!.lo);
    const hi = Number(span[0]!.hi);
    // Wait for the projector to have folded (and snapshotted) the whole debate.
    const until = Date.now() + 120_000;
    for (;;) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM readmodels.state_snapshots WHERE debate_id = $1`, [debateId]);
      if (Number(rows[0]!.n) >= Math.floor(EVENTS / SNAPSHOT_EVERY) || Date.now() > until) break;
      await sleep(500);
    }
    const gen = newGenerator();
    const paths = Array.from({ length: 300 }, () => `/api/debates/${debateId}/state?position=${lo + Math.floor(Math.random() * (hi - lo + 1))}`);
    const cold = await gen.run<Percentiles & { errors: number }>({ op: 'get', base: app.url, paths, clients: 1 });
    const warm = await gen.run<Percentiles & { errors: number }>({ op: 'get', base: app.url, paths, clients: 1 });
    await gen.close();
    // The browser's fold: from a snapshot, fold up to SNAPSHOT_EVERY - 1 events with the same `evolve`.
    const { rows: snaps } = await pool.query<{ version: number; state: DebateState }>(`SELECT version, state FROM readmodels.state_snapshots WHERE debate_id = $1 ORDER BY version`, [debateId]);
    const foldSamples: number[] = [];
    for (let i = 0; i < 200 && snaps.length > 0; i++) {
      const snap = snaps[Math.floor(Math.random() * snaps.length)]!;
      const page = await store.readStream(debateStreamId(debateId), snap.version + 1, SNAPSHOT_EVERY);
      const upto = Math.floor(Math.random() * page.length);
      const events = page.slice(0, upto).map((s) => upcastEvent(s.type, s.schemaVersion, s.data) as DebateEvent);
      const started = performance.now();
      let state: DebateState = structuredClone(snap.state);
      for (const e of events) state = evolve(state, e);
      foldSamples.push(performance.now() - started);
    }
    await pool.end();
    await store.close();
    const fold = percentiles(foldSamples);
    const rows = [
      { what: 'GET /state?position=, cold (first asks)', ...cold },
      { what: 'GET /state?position=, warm (same instants again)', ...warm },
      { what: `fold in the client: snapshot + ≤ ${SNAPSHOT_EVERY - 1} events`, errors: 0, ...fold },
    ];
    results.replay = { events: EVENTS, snapshots: snaps.length, rows };
    console.log(`\n5. Replay of a ${EVENTS}-event debate at random instants (ms)`);
    console.table(rows);
    verdicts.push({ figure: '5. replay via HTTP, cold / warm p99', measured: `${cold.p99} / ${warm.p99} ms`, goal: '< 16 ms', met: cold.p99 < 16 && warm.p99 < 16 && cold.errors === 0 });
    verdicts.push({ figure: '5. replay fold in the client, p99', measured: `${fold.p99} ms`, goal: '< 16 ms', met: fold.p99 < 16 });
  }

  results.appProblems = app.problems().slice(-50);
  await app.stop();
  app = undefined;

  // 2 across nodes (figure "2x"): the scaled setup's processes of its own, once the shared app is gone.
  if (FIGURES.has('2x')) {
    const { rows, relay, profiles } = await crossNodeFigure({ levels: FANOUT_LEVELS.filter((l) => l <= 1_000), seconds: SECONDS, newGenerator, log, ...(profileAll ? { profileDir: path.join(resultsDir, 'profile-cross') } : {}) });
    results.fanoutAcrossNodes = rows;
    console.log('\n2. Command (HTTP, node 1) → S_DEBATE_STATE at every subscriber (node 2), through the projector process and Kafka, 50 debates, 200 commands/s');
    console.table(rows);
    for (const [name, top] of Object.entries(profiles)) {
      console.log(`\nCPU profile of ${name} during figure 2 across nodes (idle ${top.idlePercent} %): self time by package, then by function`);
      console.table(top.packages);
      console.table(top.frames);
    }
    if (profileAll) results.profileAcrossNodes = profiles;
    if (relay) {
      results.relayAcrossNodes = relay;
      console.log('\n3. Voice relay C_VOICE_OFFER → S_VOICE_OFFER, node 1 → Kafka → node 2, idle cluster (ms)');
      console.table([relay]);
      verdicts.push({ figure: '3. voice relay, across nodes', measured: `p50 ${relay.p50} / p99 ${relay.p99} ms`, goal: '(no goal in the issue: reported)', met: null });
    }
    const at1000 = rows.find((r) => r.clients === 1000) ?? rows.at(-1)!;
    verdicts.push({ figure: `2. command → push p99 at ${at1000.clients} clients, across nodes`, measured: `${at1000['p99 ms']} ms (${at1000['missing (15 s)']} missing)`, goal: '< 30 ms', met: at1000['p99 ms'] < 30 && at1000['missing (15 s)'] === 0 });
  }

  // 8. Mesh audio in headless Chromium, once the shared app is gone (it starts its own per configuration).
  if (FIGURES.has('8')) {
    const mesh = await meshFigure({ log });
    results.mesh = mesh.results;
    verdicts.push(...mesh.verdicts);
  }
  if (profileAll) {
    const file = readdirSync(runProfileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const perWindow: Record<string, unknown> = {};
      for (const name of ['HTTP commands, 32 clients', 'socket commands, 128 clients', 'fan-out, 1000 subscribers', 'fan-out, 2000 subscribers']) {
        const w = windows.get(name);
        if (!w) continue;
        const top = topFrames(path.join(runProfileDir, file), w);
        perWindow[name] = top;
        console.log(`\nCPU profile of the app during "${name}" (idle ${top.idlePercent} %): self time by package, then by function`);
        console.table(top.packages.slice(0, 12));
        console.table(top.frames.slice(0, 20));
      }
      results.profileByFigure = { file: path.join('results/profile-run', file), windows: Object.fromEntries(windows), perWindow };
    }
  }

  // Where the time goes: one CPU profile of the app under the HTTP command load (32 clients).
  const httpVerdict = verdicts.find((v) => v.figure.startsWith('1. HTTP'));
  if (PROFILE === 'auto' && httpVerdict && httpVerdict.met === false) {
    const profileDir = path.join(resultsDir, 'profile');
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
    const spawnedAt = performance.now();
    app = await startApp({ databaseUrl: db.url, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
    const gen = newGenerator();
    await gen.run({ op: 'http', base: app.url, kind: 'commands', clients: 32, seconds: 2, targets });
    const fromMs = performance.now() - spawnedAt;
    const loaded = merge([await gen.run<LoopResult>({ op: 'http', base: app.url, kind: 'commands', clients: 32, seconds: SECONDS * 2, targets })]);
    const toMs = performance.now() - spawnedAt;
    await gen.close();
    await app.stop();
    app = undefined;
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const top = topFrames(path.join(profileDir, file), [{ fromMs, toMs }]);
      results.profile = { file: path.join('results/profile', file), load: `HTTP commands, 32 clients: ${loaded.perSecond}/s`, ...top };
      console.log(`\nCPU profile of the app under HTTP commands at 32 clients (${loaded.perSecond}/s; idle ${top.idlePercent} %): self time`);
      console.table(top.packages.slice(0, 15));
      console.table(top.frames.slice(0, 25));
    }
  }
} finally {
  for (const g of generators) await g.close().catch(() => undefined);
  await app?.stop();
  await db.drop().catch(() => undefined);
}

results.verdicts = verdicts;
console.log('\nGoals');
console.table(verdicts.map((v) => ({ figure: v.figure, measured: v.measured, goal: v.goal, met: v.met === null ? '—' : v.met ? 'met' : 'NOT met' })));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'e2e.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`results: ${path.join(resultsDir, 'e2e.json')}`);

// Figure 2 across nodes: the scaled setup as processes (the projector process and two app nodes
// with projectors off, on real Kafka and one PostgreSQL database of its own), commands over HTTP
// to node 1 at 200/s over 50 debates, every subscriber on node 2: command sent → S_DEBATE_STATE
// received, through the projector, Kafka's DebateChanged topic and node 2's push.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, kafkaForTests } from '@booktalk/infra/testing';
import type { Job, Receive } from './loadgen.ts';
import { type AppProcess, benchEnv, startApp } from './support/appProcess.ts';
import { type Sent, fanoutLatencies } from './support/fanout.ts';
import { JsonClient, command, createDebate, guest, inParallel, signUp } from './support/http.ts';
import { type FrameShare, topFrames } from './support/profile.ts';
import { type Percentiles, percentiles } from './support/stats.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Generator {
  run<T>(job: Job): Promise<T>;
  close(): Promise<void>;
}

/** The projector process (no HTTP): ready once it logs "projector started". */
async function startProjector(databaseUrl: string, brokers: string[], nodeArgs: string[]): Promise<{ stop(): Promise<void> }> {
  const env = { ...process.env, ...benchEnv(databaseUrl, 0), KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'info', BOOKTALK_NODE_ID: 'bench-projector' };
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repoRoot, 'services/app/src/projectorProcess.ts')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the projector did not start within 60 s:\n${out.slice(-2000)}`)), 60_000);
    const look = (d: Buffer) => {
      out += d.toString();
      if (out.includes('projector started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`the projector exited with ${code}:\n${out.slice(-2000)}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface CrossNodeRow {
  clients: number;
  'cmd/s': number;
  deliveries: number;
  'missing (15 s)': number;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  errors: number;
}

export interface CrossNodeProfile {
  idlePercent: number;
  packages: FrameShare[];
  frames: FrameShare[];
}

/**
 * `profileDir`: each of the three processes runs under `node --cpu-prof` into a folder of its
 * own there, and the result carries each one's top frames during the measured load windows.
 */
export async function crossNodeFigure(options: { levels: number[]; seconds: number; newGenerator: () => Generator; log: (line: string) => void; profileDir?: string }): Promise<{ rows: CrossNodeRow[]; relay: Percentiles | null; profiles: Record<string, CrossNodeProfile> }> {
  const { levels, seconds, newGenerator, log, profileDir } = options;
  const kafka = await kafkaForTests();
  if (!kafka.available) throw new Error(`figure 2 across nodes needs Kafka: ${kafka.reason}`);
  const db = await createTestDatabase('bench_cross');
  // Profile windows are ms after each process started: its spawn time stands in for that.
  const spawnedAt = new Map<string, number>();
  const profileArgs = (name: string): string[] => {
    if (!profileDir) return [];
    const dir = path.join(profileDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    spawnedAt.set(name, Date.now());
    return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  };
  const windows: { from: number; to: number }[] = [];
  const projector = await startProjector(db.url, kafka.brokers, profileArgs('projector'));
  const nodes: AppProcess[] = [];
  const rows: CrossNodeRow[] = [];
  const profiles: Record<string, CrossNodeProfile> = {};
  let relay: Percentiles | null = null;
  try {
    for (const id of ['bench-node-1', 'bench-node-2']) {
      nodes.push(await startApp({ databaseUrl: db.url, nodeArgs: profileArgs(id), env: { KAFKA_BROKERS: kafka.brokers.join(','), BOOKTALK_PROJECTORS: 'off', BOOKTALK_NODE_ID: id } }));
    }
    const [one, two] = nodes as [AppProcess, AppProcess];
    log(`figure 2 across nodes: projector process + ${one.url} (commands) + ${two.url} (subscribers), Kafka ${kafka.brokers.join(',')}`);
    const http = new JsonClient(one.url, 16);
    const hosts = await inParallel(Array.from({ length: 10 }, (_, i) => `Cross host ${i}`), 8, (name) => signUp(http, name));
    const debates = await inParallel(Array.from({ length: 50 }, (_, i) => i), 8, async (i) => {
      const host = hosts[i % hosts.length]!;
      const id = await createDebate(http, host, `Cross-node debate ${i}`);
      await command(http, host.token, id, 'OpenDebate');
      await command(http, host.token, id, 'JoinDebate', { role: 'audience' }); // the driver chats in it
      return id;
    });
    const drivers = debates.map((debateId, i) => ({ debateId, token: hosts[i % hosts.length]!.token }));
    // Figure 3 across nodes, on the idle cluster: a host on node 1 offers to a speaker on node 2.
    await command(http, hosts[1]!.token, debates[0]!, 'JoinDebate', { role: 'speaker' });
    const guests = await inParallel(Array.from({ length: Math.max(...levels) }, (_, i) => `Cross listener ${i}`), 16, (name) => guest(http, name));
    const gen = newGenerator();
    let connected = 0;
    try {
      relay = await gen.run<Percentiles>({ op: 'relay', base: one.url, baseB: two.url, debateId: debates[0]!, a: hosts[0]!, b: hosts[1]!, n: 1_000 });
      log(`figure 3 across nodes: p50 ${relay.p50} / p99 ${relay.p99} ms`);
      for (const level of levels) {
        const subscribers = guests.slice(connected, level).map((g, k) => ({ token: g.token, debateId: debates[(connected + k) % debates.length]! }));
        await gen.run({ op: 'subscribe', base: two.url, subscribers });
        connected = level;
        await new Promise((r) => setTimeout(r, 1_500));
        await gen.run({ op: 'record', on: true });
        const from = Date.now();
        const drive = await gen.run<{ sent: Sent[]; errors: number; achieved: number }>({ op: 'drive', base: one.url, targets: drivers, rate: 200, seconds });
        windows.push({ from, to: Date.now() });
        const lastSent: Record<string, string> = {};
        for (const c of drive.sent) if (BigInt(c.position) > BigInt(lastSent[c.debateId] ?? '0')) lastSent[c.debateId] = c.position;
        await gen.run({ op: 'drain', positions: lastSent, timeoutMs: 15_000 });
        await gen.run({ op: 'record', on: false });
        const receives = await gen.run<Receive[]>({ op: 'dump' });
        const { deliveries, missing } = fanoutLatencies(drive.sent, receives, level, (k) => debates[k % debates.length]!);
        const d = percentiles(deliveries);
        if (drive.errors > 0 && deliveries.length === 0) throw new Error(`figure 2 across nodes: every command failed (${drive.errors}); is the setup wrong?`);
        rows.push({ clients: level, 'cmd/s': drive.achieved, deliveries: d.n, 'missing (15 s)': missing, 'p50 ms': d.p50, 'p95 ms': d.p95, 'p99 ms': d.p99, errors: drive.errors });
        log(`figure 2 across nodes, ${level} clients: p99 ${d.p99} ms, ${missing} missing`);
      }
    } finally {
      await gen.close();
    }
  } finally {
    for (const n of nodes) await n.stop();
    await projector.stop();
  }
  for (const [name, started] of spawnedAt) {
    const dir = path.join(profileDir!, name);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) continue;
    const top = topFrames(path.join(dir, file), windows.map((w) => ({ fromMs: w.from - started, toMs: w.to - started })));
    profiles[name] = { idlePercent: top.idlePercent, packages: top.packages.slice(0, 12), frames: top.frames.slice(0, 15) };
  }
  return { rows, relay, profiles };
}

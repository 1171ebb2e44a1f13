// Listeners per box in stage mode: a real node, a real Janus (node infra/bin/services.mjs up
// janus), @roamhq/wrtc peers inside Janus's network namespace. For each listener count, the
// speakers publish a tone, every listener subscribes at once, and we measure the first audio
// after subscribing (p50/p95/p99), Janus's CPU and RSS while it forwards, and loss and
// concealment at the listeners. Prints a table; JSON in bench/results/.
//   npx tsx bench/stage.ts [listeners...] [--speakers N] [--seconds S] [--per-worker L]
//   (default 50 100 200 listeners, 1 speaker, 10 s, 50 listener peers per worker process)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@booktalk/api';
import { createJanusStage } from '../src/stage/index.ts';
import { type Person, openDebate, send } from '../test/support/debates.ts';
import { postgres, startStack, waitFor } from '../test/support/stack.ts';
import { janusForTests } from '../test/stage/support/janus.ts';
import { type PeerStats, PeerWorker, unixBridge } from '../test/stage/support/peers.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : fallback;
};
const SPEAKERS = option('--speakers', 1);
const SECONDS = option('--seconds', 10);
const PER_WORKER = option('--per-worker', 50);
const COUNTS = args.length ? args.map(Number) : [50, 100, 200];
const here = path.dirname(fileURLToPath(import.meta.url));

const janus = janusForTests();
if ('available' in janus) {
  console.error(`${janus.reason}`);
  process.exit(1);
}
if (!postgres) process.exit(1);
const { netnsPid } = janus;
const janusPid = Number(readFileSync(path.join(here, '../../../infra/janus/.run/janus.pid'), 'utf8'));

/** Janus's CPU seconds so far and its RSS in MB (from /proc). */
function janusUsage(): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${janusPid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${janusPid}/status`, 'utf8'))?.[1];
  return { cpu: ticks / 100, rssMb: Number(rss) / 1024 };
}

/** A listener hears every speaker: a track per speaker, each with 200 ms of tone. */
const hears = (p: PeerStats) => p.tracks.length === SPEAKERS && p.tracks.every((loud) => loud >= 20);

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
};

interface Row {
  listeners: number;
  speakers: number;
  hearing: number;
  firstAudioMs: { p50: number; p95: number; p99: number; max: number };
  janusCpuPercentOfCore: number;
  janusRssMb: number;
  janusRssIdleMb: number;
  packetsReceived: number;
  packetsLost: number;
  lossPercent: number;
  concealedPercent: number;
  /** The box's 1-minute load average when the row started (2 cores; other work shares them). */
  loadAverage: number;
}

const stage = createJanusStage({ url: janus.url, apiSecret: janus.apiSecret, adminKey: janus.adminKey, roomSecret: `bench-${Date.now()}-secret`, logger: silentLogger });
await stage.connectNow();
const stack = await startStack({ ports: { stage }, config: { rateLimit: { messagesPerSecond: 100_000, bytesPerSecond: 500_000_000 } } });
const bridge = await unixBridge(Number(new URL(stack.first.url).port));
const rows: Row[] = [];
/** A debate a row opened: ended after the row, whatever happened. */
interface Opened {
  debateId: string;
  host: Person;
}

/**
 * One row: n listeners subscribe at once to SPEAKERS speakers. Its worker processes are pushed to
 * `workers` as they start and its debate to `opened`, so the caller stops and ends them even when
 * the row fails part-way (a worker that does not answer in time on a loaded box).
 */
async function measure(n: number, workers: PeerWorker[], opened: Opened[]): Promise<Row> {
  const person = async (name: string) => ({ ...(await stack.session(name)), displayName: name });
  const host = await person('Host');
  const speakers = await Promise.all(Array.from({ length: SPEAKERS }, (_, i) => person(`Speaker ${i}`)));
  const debateId = await openDebate(stack.first.handler, stack.pool, host, speakers);
  opened.push({ debateId, host });
  const listeners = await Promise.all(Array.from({ length: n }, (_, i) => person(`Listener ${i}`)));
  const ids = listeners.map((_, i) => `listener-${i}`);
  // Speakers in a process of their own: their tone must not wait behind the listeners' audio callbacks.
  const voices = new PeerWorker(netnsPid, { nodeSocket: bridge.path, debateId, peers: speakers.map((s, i) => ({ id: `speaker-${i}`, token: s.token })) });
  workers.push(voices);
  // Listeners in processes of PER_WORKER each: one process alone cannot run 200 peers' audio callbacks.
  for (let i = 0; i < n; i += PER_WORKER) {
    const chunk = listeners.slice(i, i + PER_WORKER).map((l, j) => ({ id: ids[i + j]!, token: l.token }));
    workers.push(new PeerWorker(netnsPid, { nodeSocket: bridge.path, debateId, peers: chunk }));
  }
  await voices.next((m) => m.type === 'ready', 120_000);
  const listening = workers.slice(1);
  for (const w of listening) await w.next((m) => m.type === 'ready', 120_000);
  const all = async <T>(ask: (w: PeerWorker) => Promise<T[]>): Promise<T[]> => (await Promise.all(listening.map(ask))).flat();
  const rtp = () =>
    all(async (w) => {
      w.send({ cmd: 'rtp' });
      return (await w.next((m) => m.type === 'rtp', 90_000)).peers as { packetsReceived: number; packetsLost: number; concealedSamples: number; totalSamplesReceived: number }[];
    });
  const load = Math.round(loadavg()[0]! * 10) / 10;
  const idle = janusUsage();
  voices.send({ cmd: 'publish', ids: speakers.map((_, i) => `speaker-${i}`) });
  for (let i = 0; i < SPEAKERS; i++) await voices.next((m) => m.type === 'published');
  // Every listener at once: the worst case for connect time.
  for (const w of listening) w.send({ cmd: 'subscribe', ids });
  let stats: PeerStats[] = [];
  await waitFor(
    async () => {
      // A worker busy with its peers' audio may answer a stats request late: ask again.
      const now = await all(async (w) => (await w.stats()).peers).catch(() => null);
      if (!now) return false;
      stats = now;
      return stats.every(hears);
    },
    `${n} listeners hearing`,
    120_000,
  ).catch((error: unknown) => console.error(String(error)));
  const firstAudio = stats.filter((p) => p.firstLoudAt !== null).map((p) => p.firstLoudAt! - p.subscribedAt!);

  // Steady state: Janus forwarding to everyone for SECONDS (the listeners' audio callbacks off:
  // on a shared 2-core box they would starve the worker; RTP stats come from libwebrtc).
  for (const w of listening) w.send({ cmd: 'quiet' });
  for (const w of listening) await w.next((m) => m.type === 'quiet', 90_000);
  const before = await rtp();
  const u0 = janusUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1_000));
  const u1 = janusUsage();
  const elapsed = (performance.now() - t0) / 1_000;
  const after = await rtp();
  const total = (list: typeof before, key: keyof (typeof before)[number]) => list.reduce((s, p) => s + p[key], 0);
  const received = total(after, 'packetsReceived') - total(before, 'packetsReceived');
  const lost = total(after, 'packetsLost') - total(before, 'packetsLost');
  const samples = total(after, 'totalSamplesReceived') - total(before, 'totalSamplesReceived');
  const concealed = total(after, 'concealedSamples') - total(before, 'concealedSamples');

  return {
    listeners: n,
    speakers: SPEAKERS,
    hearing: stats.filter(hears).length,
    firstAudioMs: { p50: pct(firstAudio, 50), p95: pct(firstAudio, 95), p99: pct(firstAudio, 99), max: Math.max(...firstAudio) },
    janusCpuPercentOfCore: Math.round(((u1.cpu - u0.cpu) / elapsed) * 1000) / 10,
    janusRssMb: Math.round(u1.rssMb * 10) / 10,
    janusRssIdleMb: Math.round(idle.rssMb * 10) / 10,
    packetsReceived: received,
    packetsLost: lost,
    lossPercent: received + lost > 0 ? Math.round((lost / (received + lost)) * 10_000) / 100 : NaN,
    concealedPercent: samples > 0 ? Math.round((concealed / samples) * 10_000) / 100 : NaN,
    loadAverage: load,
  };
}

const failures: { listeners: number; error: string }[] = [];
for (const n of COUNTS) {
  const workers: PeerWorker[] = [];
  const opened: Opened[] = [];
  try {
    rows.push(await measure(n, workers, opened));
  } catch (error) {
    // Reported in the table, not a crash: the other rows still run and the JSON is still written.
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    console.error(`${n} listeners, ${SPEAKERS} speaker(s): ${message}`);
    failures.push({ listeners: n, error: message });
  } finally {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    for (const { debateId, host } of opened) {
      await send(stack.first.handler, debateId, host, { type: 'EndDebate', data: {} }).catch(() => undefined);
      await stage.destroyRoom(debateId).catch(() => undefined);
    }
  }
}

console.log(`\nstage mode, ${SPEAKERS} speaker(s), ${SECONDS} s steady state per row (one 2-core box: node, Janus and every peer)\n`);
console.log('| listeners | hearing | first audio p50 / p95 / p99 / max ms | Janus CPU % of a core | Janus RSS MB (idle) | packets received | lost | loss % | concealed % | load avg |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const f of failures) console.log(`| ${f.listeners} | failed: ${f.error.replace(/\|/g, '/')} | | | | | | | | |`);
for (const r of rows) {
  const f = r.firstAudioMs;
  console.log(
    `| ${r.listeners} | ${r.hearing} | ${f.p50} / ${f.p95} / ${f.p99} / ${f.max} | ${r.janusCpuPercentOfCore} | ${r.janusRssMb} (${r.janusRssIdleMb}) | ${r.packetsReceived} | ${r.packetsLost} | ${r.lossPercent} | ${r.concealedPercent} | ${r.loadAverage} |`,
  );
}
const dir = path.join(here, 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `stage-${SPEAKERS}sp-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), speakers: SPEAKERS, seconds: SECONDS, rows, failures }, null, 2)}\n`);
console.log(`\nJSON: ${file}`);

await bridge.close();
await stack.close();
process.exit(0);

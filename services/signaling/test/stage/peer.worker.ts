// Stage peers in a child process inside Janus's network namespace (media must stay in there):
// @roamhq/wrtc peer connections signalled through the real node with socket.io-client. A speaker
// publishes a 440 Hz tone; a listener subscribes and counts the audio frames above a threshold.
// Protocol: config as JSON in STAGE_WORKER_CONFIG; commands as JSON lines on stdin
// ({cmd: 'publish'|'subscribe', id|ids} | {cmd: 'stats'|'rtp'|'quiet'|'exit'}); replies as JSON lines on stdout.
import { createConnection, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import wrtcModule from '@roamhq/wrtc';
import { type Socket, io } from 'socket.io-client';

interface PeerConfig {
  id: string;
  token: string;
}
interface WorkerConfig {
  /** Unix socket bridged to the node's HTTP port (it listens outside this namespace). */
  nodeSocket: string;
  debateId: string;
  peers: PeerConfig[];
}

// The slice of @roamhq/wrtc used here (its own types need the DOM lib).
interface Sdp {
  type: 'offer' | 'answer';
  sdp: string;
}
interface Track {
  stop(): void;
}
interface PeerConnection {
  addTrack(track: Track): unknown;
  addTransceiver(kind: 'audio', init: { direction: 'recvonly' }): unknown;
  createOffer(): Promise<Sdp>;
  createAnswer(): Promise<Sdp>;
  setLocalDescription(d: Sdp): Promise<void>;
  setRemoteDescription(d: Sdp): Promise<void>;
  localDescription: Sdp | null;
  iceGatheringState: string;
  onicegatheringstatechange: (() => void) | null;
  ontrack: ((e: { track: Track; transceiver?: { mid: string | null } }) => void) | null;
  getStats(): Promise<Map<string, Record<string, unknown>>>;
  close(): void;
}
interface Wrtc {
  RTCPeerConnection: new (config: { iceServers: never[] }) => PeerConnection;
  nonstandard: {
    RTCAudioSource: new () => { createTrack(): Track; onData(d: { samples: Int16Array; sampleRate: number }): void };
    RTCAudioSink: new (track: Track) => { ondata: ((d: { samples: Int16Array }) => void) | null; stop(): void };
  };
}
const wrtc = wrtcModule as unknown as Wrtc;

const config = JSON.parse(process.env.STAGE_WORKER_CONFIG ?? '{}') as WorkerConfig;
const say = (msg: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(msg)}\n`);

/** RMS over which a 10 ms frame counts as audio (the tone is ~0.3 full scale, concealment fades under it). */
const LOUD_RMS = 1_000;

// Only UDP host candidates on 127.0.0.1 (the namespace's non-loopback copy of it).
const onlyLocalUdp = (sdp: string) =>
  sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || (/ udp /i.test(line) && line.includes(' 127.0.0.1 ')))
    .join('\r\n');

async function gathered(pc: PeerConnection): Promise<Sdp> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      };
    });
  }
  const d = pc.localDescription!;
  return { type: d.type, sdp: onlyLocalUdp(d.sdp) };
}

type Ack = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };
const ask = (socket: Socket, event: string, payload: unknown): Promise<Ack> =>
  socket.timeout(15_000).emitWithAck(event, payload) as Promise<Ack>;

interface Peer {
  id: string;
  socket: Socket;
  pc: PeerConnection | null;
  frames: number;
  loud: number;
  firstLoudAt: number | null;
  lastLoudAt: number | null;
  subscribedAt: number | null;
  offers: number;
  /** Loud frames per received track (one per speaker's feed). */
  tracks: Map<string, number>;
  sinks: { stop(): void }[];
}
const peers = new Map<string, Peer>();

function tone(pc: PeerConnection): () => void {
  const source = new wrtc.nonstandard.RTCAudioSource();
  pc.addTrack(source.createTrack());
  const rate = 48_000;
  const n = rate / 100;
  let phase = 0;
  const timer = setInterval(() => {
    const samples = new Int16Array(n);
    for (let i = 0; i < n; i++) samples[i] = Math.round(10_000 * Math.sin((2 * Math.PI * 440 * (phase + i)) / rate));
    phase += n;
    source.onData({ samples, sampleRate: rate });
  }, 10);
  return () => clearInterval(timer);
}

async function publish(peer: Peer): Promise<void> {
  const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  peer.pc = pc;
  tone(pc);
  await pc.setLocalDescription(await pc.createOffer());
  const ack = await ask(peer.socket, 'C_STAGE_PUBLISH', { debateId: config.debateId, jsep: await gathered(pc) });
  if (!ack.ok) {
    say({ type: 'published', id: peer.id, ok: false, code: ack.error.code });
    return;
  }
  await pc.setRemoteDescription(ack.jsep as Sdp);
  say({ type: 'published', id: peer.id, ok: true, feedId: ack.feedId });
}

async function answer(peer: Peer, offer: Sdp): Promise<void> {
  peer.offers++;
  const pc = peer.pc!;
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription(await pc.createAnswer());
  const ack = await ask(peer.socket, 'C_STAGE_START', { debateId: config.debateId, jsep: await gathered(pc) });
  if (!ack.ok) say({ type: 'error', id: peer.id, step: 'start', code: ack.error.code, message: ack.error.message });
}

async function subscribe(peer: Peer): Promise<void> {
  const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  peer.pc = pc;
  pc.ontrack = ({ track, transceiver }) => {
    const sink = new wrtc.nonstandard.RTCAudioSink(track);
    peer.sinks.push(sink);
    const mid = transceiver?.mid ?? `track-${peer.tracks.size}`;
    peer.tracks.set(mid, 0);
    sink.ondata = ({ samples }) => {
      peer.frames++;
      let sum = 0;
      for (const s of samples) sum += s * s;
      if (Math.sqrt(sum / samples.length) > LOUD_RMS) {
        peer.tracks.set(mid, (peer.tracks.get(mid) ?? 0) + 1);
        peer.loud++;
        peer.lastLoudAt = Date.now();
        peer.firstLoudAt ??= peer.lastLoudAt;
      }
    };
  };
  peer.socket.on('S_STAGE_FEEDS', (msg: { jsep?: Sdp }) => {
    if (msg.jsep) answer(peer, msg.jsep).catch((e: unknown) => say({ type: 'error', id: peer.id, step: 'renegotiate', message: String(e) }));
  });
  peer.subscribedAt = Date.now();
  const ack = await ask(peer.socket, 'C_STAGE_SUBSCRIBE', { debateId: config.debateId });
  if (!ack.ok) {
    say({ type: 'subscribed', id: peer.id, ok: false, code: ack.error.code });
    return;
  }
  if (ack.jsep) await answer(peer, ack.jsep as Sdp);
  say({ type: 'subscribed', id: peer.id, ok: true, feeds: (ack.feeds as unknown[]).length });
}

/** Sums of the inbound-rtp audio stats of a connection (loss and concealment at the listener). */
async function inbound(pc: PeerConnection): Promise<{ packetsReceived: number; packetsLost: number; concealedSamples: number; totalSamplesReceived: number }> {
  const sum = { packetsReceived: 0, packetsLost: 0, concealedSamples: 0, totalSamplesReceived: 0 };
  for (const report of (await pc.getStats()).values()) {
    if (report.type !== 'inbound-rtp') continue;
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += Number(report[key] ?? 0);
  }
  return sum;
}

async function main(): Promise<void> {
  // The node listens outside this namespace: a local port here forwards to its unix-socket bridge.
  const bridge = createServer((client) => {
    const upstream = createConnection(config.nodeSocket);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  const { port } = bridge.address() as { port: number };

  await Promise.all(
    config.peers.map(
      (p) =>
        new Promise<void>((resolve, reject) => {
          const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { token: p.token }, reconnection: false, forceNew: true });
          socket.once('connect', () => {
            peers.set(p.id, { id: p.id, socket, pc: null, frames: 0, loud: 0, firstLoudAt: null, lastLoudAt: null, subscribedAt: null, offers: 0, tracks: new Map(), sinks: [] });
            resolve();
          });
          socket.once('connect_error', reject);
        }),
    ),
  );
  say({ type: 'ready', peers: peers.size });

  for await (const line of createInterface({ input: process.stdin })) {
    const msg = JSON.parse(line) as { cmd: string; id?: string; ids?: string[] };
    if (msg.cmd === 'exit') break;
    if (msg.cmd === 'quiet') {
      // Stops the audio callbacks (RTP keeps flowing; its stats stay readable): for load runs.
      for (const p of peers.values()) for (const sink of p.sinks.splice(0)) sink.stop();
      say({ type: 'quiet' });
      continue;
    }
    if (msg.cmd === 'rtp') {
      say({ type: 'rtp', peers: await Promise.all([...peers.values()].filter((p) => p.pc).map(async (p) => ({ id: p.id, ...(await inbound(p.pc!)) }))) });
      continue;
    }
    if (msg.cmd === 'stats') {
      say({ type: 'stats', now: Date.now(), peers: [...peers.values()].map(({ id, frames, loud, firstLoudAt, lastLoudAt, subscribedAt, offers, tracks }) => ({ id, frames, loud, firstLoudAt, lastLoudAt, subscribedAt, offers, tracks: [...tracks.values()] })) });
      continue;
    }
    for (const id of msg.ids ?? (msg.id ? [msg.id] : [])) {
      const peer = peers.get(id);
      if (!peer) {
        say({ type: 'error', id, message: 'no such peer' });
        continue;
      }
      const run = msg.cmd === 'publish' ? publish(peer) : subscribe(peer);
      run.catch((e: unknown) => say({ type: 'error', id, step: msg.cmd, message: String(e) }));
    }
  }
  for (const p of peers.values()) {
    p.pc?.close();
    p.socket.close();
  }
  // @roamhq/wrtc crashes on a natural exit: leave explicitly.
  process.exit(0);
}

main().catch((error: unknown) => {
  say({ type: 'fatal', message: String(error) });
  process.exit(1);
});

// The load generator: its own process (forked by e2e.ts, commands over IPC), so the app's event
// loop and the clients' never share a thread. It holds the clients (HTTP keep-alive loops and
// socket.io-client sockets), records what they send and receive with epoch timestamps
// (performance.timeOrigin + now, comparable with the app's clock on this machine) and sends the
// raw records back; e2e.ts does the arithmetic.
import { randomUUID } from 'node:crypto';
import { type Socket, io } from 'socket.io-client';
import { JsonClient, inParallel } from './support/http.ts';
import { percentiles } from './support/stats.ts';

/** A closed-loop run's raw outcome: e2e.ts merges the slices of one row. */
export interface LoopResult {
  ok: number;
  errors: number;
  firstError: string;
  seconds: number;
  latencies: number[];
}

export type Job =
  | { op: 'http'; base: string; kind: 'health' | 'commands'; clients: number; seconds: number; targets: Target[] }
  | { op: 'socketCommands'; base: string; sessions: { token: string; debateIds: string[] }[]; clients: number; seconds: number }
  | { op: 'subscribe'; base: string; subscribers: { token: string; debateId: string }[] }
  | { op: 'record'; on: boolean }
  | { op: 'dump' }
  | { op: 'drain'; positions: Record<string, string>; timeoutMs: number }
  | { op: 'drive'; base: string; targets: Target[]; rate: number; seconds: number }
  | { op: 'relay'; base: string; debateId: string; a: Peer; b: Peer; n: number; /** b's node when not `base` (figure 3 across nodes) */ baseB?: string }
  | { op: 'get'; base: string; paths: string[]; clients: number }
  | { op: 'close' };
export interface Target {
  token: string;
  debateId: string;
}
export interface Peer {
  token: string;
  accountId: string;
}
/** [subscriber index, debate id, position, received at (epoch ms), current turn or null] */
export type Receive = [number, string, string, number, { turnNo: number; endsAt: string } | null];

const now = () => performance.timeOrigin + performance.now();
const chat = (i: number) => ({ type: 'PostMessage', data: { kind: 'chat', text: `bench message ${i}` } });

function connect(base: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(base, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const timer = setTimeout(() => reject(new Error('socket did not connect within 30 s')), 30_000);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('connect_error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function ask(s: Socket, event: string, payload: unknown, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${event}: no ack within ${timeoutMs} ms`)), timeoutMs);
    s.emit(event, payload, (ack: Record<string, unknown>) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

/** Closed loops: each client sends its next request when the previous one answered. */
async function closedLoops(clients: number, seconds: number, one: (client: number, i: number) => Promise<boolean>): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError = '';
  const end = now() + seconds * 1000;
  const started = now();
  let i = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (now() < end) {
        const t = now();
        try {
          if (await one(c, i++)) latencies.push(now() - t);
          else errors++;
        } catch (e) {
          errors++;
          firstError ||= e instanceof Error ? e.message : String(e);
        }
      }
    }),
  );
  const elapsed = (now() - started) / 1000;
  return { ok: latencies.length, errors, firstError, seconds: elapsed, latencies };
}

const sockets: Socket[] = [];
/** Per subscriber: its debate and the last position it received. */
const subscribed: { debateId: string; last: bigint }[] = [];
let recording = false;
let receives: Receive[] = [];

async function run(job: Job): Promise<unknown> {
  switch (job.op) {
    case 'http': {
      const client = new JsonClient(job.base, job.clients);
      try {
        return await closedLoops(job.clients, job.seconds, async (_c, i) => {
          if (job.kind === 'health') return (await client.request('GET', '/health')).status === 200;
          const t = job.targets[Math.floor(Math.random() * job.targets.length)]!;
          const r = await client.request('POST', `/api/debates/${t.debateId}/commands`, { commandId: randomUUID(), ...chat(i) }, t.token);
          if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
          return true;
        });
      } finally {
        client.close();
      }
    }
    case 'socketCommands': {
      const mine = await inParallel(job.sessions, 32, async (s) => ({ socket: await connect(job.base, s.token), debateIds: s.debateIds }));
      try {
        return await closedLoops(job.clients, job.seconds, async (_c, i) => {
          const s = mine[Math.floor(Math.random() * mine.length)]!;
          const debateId = s.debateIds[Math.floor(Math.random() * s.debateIds.length)]!;
          const ack = await ask(s.socket, 'C_COMMAND', { debateId, commandId: randomUUID(), ...chat(i) });
          if (ack.ok !== true) throw new Error(JSON.stringify(ack));
          return true;
        });
      } finally {
        for (const s of mine) s.socket.close();
      }
    }
    case 'subscribe': {
      const first = sockets.length;
      await inParallel(job.subscribers, 32, async (sub, k) => {
        const s = await connect(job.base, sub.token);
        const index = first + k;
        sockets[index] = s;
        subscribed[index] = { debateId: sub.debateId, last: 0n };
        s.on('S_DEBATE_STATE', (m: { debateId: string; position: string; state: { currentTurn: { turnNo: number; endsAt: string } | null } }) => {
          const mine = subscribed[index]!;
          if (BigInt(m.position) > mine.last) mine.last = BigInt(m.position);
          if (!recording) return;
          const turn = m.state.currentTurn;
          receives.push([index, m.debateId, m.position, now(), turn ? { turnNo: turn.turnNo, endsAt: turn.endsAt } : null]);
        });
        // A debate the projector has not written yet answers DEBATE_NOT_FOUND: retry.
        for (let attempt = 0; ; attempt++) {
          const ack = await ask(s, 'C_ROOM_SUBSCRIBE', { debateId: sub.debateId });
          if (ack.ok === true) break;
          if (attempt > 50) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      return { sockets: sockets.length };
    }
    case 'record':
      recording = job.on;
      return { recording };
    case 'drain': {
      // Until every subscriber holds at least its debate's given position (or the time is up).
      const end = now() + job.timeoutMs;
      const behind = () => subscribed.filter((x) => x && job.positions[x.debateId] !== undefined && x.last < BigInt(job.positions[x.debateId]!)).length;
      while (behind() > 0 && now() < end) await new Promise((r) => setTimeout(r, 50));
      return { behind: behind() };
    }
    case 'dump': {
      const out = receives;
      receives = [];
      return out;
    }
    case 'drive': {
      // Open loop at `rate` commands/s, whatever the answers take.
      const client = new JsonClient(job.base, 64);
      const sent: { debateId: string; position: string; t: number }[] = [];
      let errors = 0;
      const started = now();
      const total = Math.round(job.rate * job.seconds);
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i / job.rate) * 1000;
        const wait = due - now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const target = job.targets[i % job.targets.length]!;
        const t = now();
        inFlight.push(
          client
            .request<{ position: string }>('POST', `/api/debates/${target.debateId}/commands`, { commandId: randomUUID(), ...chat(i) }, target.token)
            .then((r) => {
              if (r.status === 200) sent.push({ debateId: target.debateId, position: r.body.position, t });
              else errors++;
            })
            .catch(() => void errors++),
        );
      }
      await Promise.all(inFlight);
      client.close();
      return { sent, errors, achieved: Math.round(sent.length / ((now() - started) / 1000)) };
    }
    case 'relay': {
      const [a, b] = await Promise.all([connect(job.base, job.a.token), connect(job.baseB ?? job.base, job.b.token)]);
      try {
        for (const [s, p] of [[a, job.a], [b, job.b]] as const) {
          // The join is checked against the projected state: retry while the projector catches up.
          for (let attempt = 0; ; attempt++) {
            const ack = await ask(s, 'C_VOICE_JOIN', { debateId: job.debateId, accountId: p.accountId });
            if (ack.ok === true) break;
            const code = (ack.error as { code?: string } | undefined)?.code;
            if (attempt > 300 || (code !== 'NOT_PARTICIPANT' && code !== 'DEBATE_NOT_FOUND')) throw new Error(`voice join refused: ${JSON.stringify(ack)}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        const samples: number[] = [];
        const sdp = `v=0\r\n${'a=x\r\n'.repeat(400)}`; // ~2 KB, the size of a real audio offer
        for (let i = 0; i < job.n; i++) {
          const t = now();
          const got = new Promise<void>((resolve) => b.once('S_VOICE_OFFER', () => resolve()));
          a.emit('C_VOICE_OFFER', { debateId: job.debateId, fromId: job.a.accountId, toId: job.b.accountId, sdp: `${sdp}#${i}` }, () => undefined);
          await got;
          samples.push(now() - t);
        }
        return percentiles(samples);
      } finally {
        a.close();
        b.close();
      }
    }
    case 'get': {
      const client = new JsonClient(job.base, job.clients);
      const samples: number[] = [];
      let errors = 0;
      await inParallel(job.paths, job.clients, async (p) => {
        const t = now();
        const r = await client.request('GET', p);
        if (r.status === 200) samples.push(now() - t);
        else errors++;
      });
      client.close();
      return { errors, ...percentiles(samples) };
    }
    case 'close':
      for (const s of sockets) s?.close();
      setTimeout(() => process.exit(0), 50);
      return {};
    default: {
      const never: never = job;
      throw new Error(`unknown job ${JSON.stringify(never)}`);
    }
  }
}

process.on('message', (message: { id: number; job: Job }) => {
  run(message.job).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});

// Soak: a debate evening compressed into about a minute (FAULT_SOAK_SECONDS, default 60) —
// listeners subscribing, chatting and reconnecting, speakers raising hands and getting 5 s turns
// the timekeeper expires, votes opened, cast, changed and closed, voice joins and leaves. Verified
// at the end: the app's live heap after a full GC is flat (at the end, every socket closed, against
// the warm point a third into the load, with the load's 30 sockets open), its file descriptors
// (sockets, pipes: the OS view of its handles) back where they were before the load, no
// connections left, and no error in its logs. RSS is sampled and printed, not asserted: see
// support/heapAfterGc.ts for why it is no leak signal.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from '../../bench/support/appProcess.ts';
import { JsonClient, type Session, guest } from '../../bench/support/http.ts';
import { type HeapProbe, connectHeapProbe } from './support/heapAfterGc.ts';
import { type Room, openRoom } from './support/room.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
const SECONDS = Number(process.env.FAULT_SOAK_SECONDS ?? 60);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

describe.skipIf(!server)('soak: a compressed debate evening', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AppProcess;
  let http: JsonClient;
  let heap: HeapProbe;

  beforeAll(async () => {
    db = await createTestDatabase('fault_soak');
    app = await startApp({ databaseUrl: db.url, nodeArgs: ['--inspect=127.0.0.1:0'], env: { KAFKA_BROKERS: '', LOG_LEVEL: 'warn' } });
    heap = await connectHeapProbe(app.problems);
    http = new JsonClient(app.url, 16);
  }, 120_000);
  afterAll(async () => {
    heap?.close();
    http?.close();
    await app?.stop();
    await db?.drop();
  }, 60_000);

  const fds = () => readdirSync(`/proc/${app.child.pid}/fd`).length;
  const connections = async () => ((await (await fetch(`${app.url}/health`)).json()) as { connections: number }).connections;
  const connect = (who: Session) =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(app.url, { auth: { token: who.token }, transports: ['websocket'], forceNew: true, reconnection: false });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const ask = (s: Socket, event: string, payload: unknown) =>
    new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => s.timeout(10_000).emit(event, payload, (err: Error | null, ack: { ok: boolean }) => resolve(err ? { ok: false, error: { code: 'TIMEOUT' } } : ack)));
  /** Subscribing waits for the projector to have written the debate. */
  const subscribe = async (s: Socket, debateId: string) => {
    for (let i = 0; i < 100; i++) {
      if ((await ask(s, 'C_ROOM_SUBSCRIBE', { debateId })).ok) return;
      await sleep(100);
    }
    throw new Error(`could not subscribe to ${debateId}`);
  };

  it('keeps memory and handles flat and logs no error', { timeout: (SECONDS + 120) * 1000 }, async () => {
    const rooms: Room[] = [];
    for (let i = 0; i < 6; i++) rooms.push(await openRoom(http, `Soak night ${i}`));
    const listeners = await Promise.all(rooms.flatMap((room, r) => Array.from({ length: 4 }, async (_, k) => ({ room, who: await guest(http, `Listener ${r}.${k}`) }))));
    await sleep(1_000);
    const fdsBefore = fds();

    const counts = { commands: 0, refused: 0, socketCommands: 0, reconnects: 0, turns: 0, votes: 0, voiceJoins: 0, pushes: 0 };
    const live = new Map<string, Socket>();
    const attach = async (who: Session, debateId: string) => {
      const s = await connect(who);
      s.on('S_DEBATE_STATE', () => void counts.pushes++);
      await subscribe(s, debateId);
      live.set(who.accountId, s);
      return s;
    };
    await Promise.all(listeners.map((l) => attach(l.who, l.room.debateId)));
    for (const room of rooms) {
      const s = await attach(room.speaker, room.debateId);
      if ((await ask(s, 'C_VOICE_JOIN', { debateId: room.debateId, accountId: room.speaker.accountId })).ok) counts.voiceJoins++;
    }

    const cmd = async (who: Session, room: Room, type: string, data: unknown = {}) => {
      const r = await http.request('POST', `/api/debates/${room.debateId}/commands`, { commandId: randomUUID(), type, data }, who.token);
      counts.commands++;
      if (r.status !== 200) counts.refused++;
      return r.status === 200;
    };
    const samples: { t: number; rss: number; fds: number }[] = [];
    const started = Date.now();
    const end = started + SECONDS * 1000;
    const heapMb = async () => (await heap.heapUsedAfterGc()) / 1048576;
    const heapUnderLoad: number[] = [];
    const sampler = (async () => {
      while (Date.now() < end) {
        const t = Date.now() - started;
        samples.push({ t, rss: app.rssBytes(), fds: fds() });
        // The heap after a full GC a third and two thirds into the load (a GC pause of tens of ms).
        if (heapUnderLoad.length < 2 && t >= ((heapUnderLoad.length + 1) * SECONDS * 1000) / 3) heapUnderLoad.push(await heapMb());
        await sleep(2_000);
      }
    })();
    await Promise.all(
      rooms.map(async (room, r) => {
        const mine = listeners.filter((l) => l.room === room).map((l) => l.who);
        let vote = 0;
        let openVoteId: string | null = null;
        while (Date.now() < end) {
          const roll = Math.random();
          if (roll < 0.3) {
            // A listener chats over the socket.
            const who = pick(mine);
            const s = live.get(who.accountId)!;
            const ack = await ask(s, 'C_COMMAND', { debateId: room.debateId, commandId: randomUUID(), type: 'PostMessage', data: { kind: pick(['chat', 'question']), text: `from ${who.displayName}` } });
            counts.socketCommands++;
            if (!ack.ok) counts.refused++;
          } else if (roll < 0.45) {
            // The speaker asks for the floor and gets a 5 s turn (expired by the timekeeper unless yielded).
            if (await cmd(room.speaker, room, 'RaiseHand')) {
              if (await cmd(room.host, room, 'GrantTurn', { durationMs: 5_000 })) counts.turns++;
            } else if (Math.random() < 0.5) await cmd(room.speaker, room, 'YieldTurn');
          } else if (roll < 0.55) {
            // Polls: open one, let the speaker vote and change its mind, close it.
            if (openVoteId) {
              await cmd(room.speaker, room, 'CastVote', { voteId: openVoteId, option: pick(['yes', 'no']) });
              if (Math.random() < 0.3) {
                await cmd(room.host, room, 'CloseVote', { voteId: openVoteId });
                openVoteId = null;
              }
            } else {
              openVoteId = `soak-${r}-${vote++}`;
              if (await cmd(room.host, room, 'OpenVote', { voteId: openVoteId, question: 'Is it going well?', options: ['yes', 'no'], kind: 'poll' })) counts.votes++;
            }
          } else if (roll < 0.65) {
            // A listener's connection drops; it comes back and subscribes again.
            const who = pick(mine);
            live.get(who.accountId)!.close();
            await attach(who, room.debateId);
            counts.reconnects++;
          } else if (roll < 0.72) {
            // The speaker leaves voice and joins again.
            const s = live.get(room.speaker.accountId)!;
            await ask(s, 'C_VOICE_LEAVE', { debateId: room.debateId });
            if ((await ask(s, 'C_VOICE_JOIN', { debateId: room.debateId, accountId: room.speaker.accountId })).ok) counts.voiceJoins++;
          } else {
            await cmd(room.host, room, 'PostMessage', { kind: 'chat', text: 'the host speaks' });
          }
          await sleep(20 + Math.random() * 40);
        }
      }),
    );
    await sampler;
    for (const s of live.values()) s.close();
    http.close();
    // Sockets closed on our side: the app's count and descriptors come back down (bounded wait).
    const settle = Date.now() + 30_000;
    while (Date.now() < settle && ((await connections()) > 0 || fds() > fdsBefore + 2)) await sleep(250);
    const fdsAfter = fds();
    const left = await connections();
    const heapEnd = await heapMb();
    const heapWarm = heapUnderLoad[0] ?? Number.NaN;
    const warm = samples.filter((s) => s.t >= (SECONDS * 1000) / 3 && s.t < (SECONDS * 1000) / 2);
    const last = samples.slice(-3);
    const mb = (xs: { rss: number }[]) => Math.max(...xs.map((x) => x.rss)) / 1048576;
    const errors = app.problems().filter((l) => /"level":(50|60)/.test(l));
    console.info(
      `[fault soak] injected: ${SECONDS} s of load on 6 debates: ${counts.commands} HTTP commands (${counts.refused} refused by the domain), ${counts.socketCommands} socket commands, ` +
        `${counts.turns} timed turns, ${counts.votes} polls, ${counts.reconnects} reconnects, ${counts.voiceJoins} voice joins, ${counts.pushes} state pushes received. ` +
        `verified: heap after GC ${heapUnderLoad.map((h) => h.toFixed(1)).join(' → ')} MB under load → ${heapEnd.toFixed(1)} MB at the end; ` +
        `RSS (not asserted) warm ${mb(warm).toFixed(1)} MB → last ${mb(last).toFixed(1)} MB (samples ${samples.map((s) => (s.rss / 1048576).toFixed(0)).join(' ')}), ` +
        `fds ${fdsBefore} before → ${fdsAfter} after (max ${Math.max(...samples.map((s) => s.fds))} under load), ${left} connections left, ${errors.length} error log lines`,
    );
    expect(counts.turns).toBeGreaterThan(0);
    expect(counts.reconnects).toBeGreaterThan(10);
    expect(heapUnderLoad).toHaveLength(2);
    expect(heapEnd, 'live heap after GC at the end within 5 % (+2 MB) of the warm point').toBeLessThanOrEqual(heapWarm * 1.05 + 2);
    expect(fdsAfter).toBeLessThanOrEqual(fdsBefore + 2);
    expect(left).toBe(0);
    expect(errors).toEqual([]);
  });
});

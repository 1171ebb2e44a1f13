// Fault: a fuzzer against the app as its own process — FAULT_FUZZ_SOCKET (10,000) malformed socket
// payloads over every client event and unknown ones, and FAULT_FUZZ_HTTP (1,000) malformed bodies
// to every body-taking route of the OpenAPI document (fast-check, seed FAULT_FUZZ_SEED). Verified:
// every one answered with an error (an error ack; a 4xx with the error body), none dropped or
// hung; the process alive and healthy; nothing written to the store, the read models or the
// accounts; it still refuses and accepts as before (no pollution leaked); no unhandled error logged.
import { randomUUID } from 'node:crypto';
import { AckError, ErrorResponse, clientEventNames } from '@booktalk/contracts';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import { dumpReadModels } from '@booktalk/projector/testing';
import fc from 'fast-check';
import pg from 'pg';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from '../../bench/support/appProcess.ts';
import { JsonClient, type Session, command, guest, inParallel, signUp } from '../../bench/support/http.ts';
import { type HttpCase, type HttpIds, ROUTES, bodyBytes, httpCases, mayAccept, sendCase } from './support/fuzzHttp.ts';
import { type SocketCase, type SocketIds, acceptable, frameBytes, materializeCase, socketCases, validCommands, validPayloads } from './support/fuzzSocket.ts';
import { sortedObject, tally } from './support/fuzzValues.ts';
import { waitForCatchUp } from './support/readModels.ts';
import { VOTE_ID, openRoom } from './support/room.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
const SEED = Number(process.env.FAULT_FUZZ_SEED ?? 1414);
const SOCKET_CASES = Number(process.env.FAULT_FUZZ_SOCKET ?? 10_000);
const HTTP_CASES = Number(process.env.FAULT_FUZZ_HTTP ?? 1_000);
/** Messages sent without an ack callback (the protocol requires one: the node drops them). */
const NO_ACK_CASES = Math.max(20, Math.round(SOCKET_CASES / 50));
/** Frames stay under the app's maxHttpBufferSize (1 MiB): a bigger one closes the connection by design. */
const FRAME_MAX = 1_040_000;
const ACK_TIMEOUT_MS = 20_000;
const HTTP_TIMEOUT_MS = 20_000;
/** The refusals of a malformed message: the payload checks, the schemas, an unknown event. */
const SOCKET_CODES = ['INVALID_PAYLOAD', 'VALIDATION_FAILED', 'UNKNOWN_EVENT'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const preview = (x: unknown) => {
  try {
    return (JSON.stringify(x) ?? String(x)).slice(0, 240);
  } catch {
    return String(x).slice(0, 240);
  }
};

type Ack = { ok: boolean; error?: { code: string; message: string } };

describe.skipIf(!server)('fault: fuzzed socket payloads and HTTP bodies', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AppProcess;
  let http: JsonClient;
  let pool: pg.Pool;
  let host: Session, speaker: Session, mallory: Session, bigSender: Session;
  let debateId: string;
  let pid: number | undefined;
  const output: string[] = [];
  const sockets: Socket[] = [];
  const disconnects: string[] = [];
  const delivered: string[] = [];
  let before: Snapshot;
  let debateBefore: unknown;
  let meBefore: unknown;
  const report = {
    socket: { sent: 0, byEvent: new Map<string, number>(), byHow: new Map<string, number>(), codes: new Map<string, number>(), dropped: 0, ms: 0 },
    noAck: 0,
    overFrame: '',
    http: { sent: 0, byRoute: new Map<string, number>(), byHow: new Map<string, number>(), answers: new Map<string, number>(), dropped: 0, ms: 0, slowestMs: 0 },
    events: { before: 0, after: -1, sentinel: -1 },
  };

  interface Snapshot {
    events: number;
    head: string;
    readModels: Record<string, unknown[]>;
    accounts: Record<string, unknown[]>;
  }
  const snapshot = async (): Promise<Snapshot> => {
    const { rows } = await pool.query<{ n: number; head: string }>('SELECT count(*)::int AS n, coalesce(max(position), 0)::text AS head FROM eventstore.events');
    const accounts: Record<string, unknown[]> = {};
    for (const table of ['accounts.accounts', 'accounts.sessions', 'accounts.keys', 'accounts.erased']) {
      accounts[table] = (await pool.query(`SELECT * FROM ${table} ORDER BY 1`)).rows;
    }
    return { events: rows[0]!.n, head: rows[0]!.head, readModels: await dumpReadModels(pool), accounts };
  };
  const rowCounts = (tables: Record<string, unknown[]>) => Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, rows.length]));

  /** A socket of the fuzz (tracked: it must stay connected) or a throwaway one. */
  const connect = (who: Session, tracked = true) =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(app.url, { auth: { token: who.token }, transports: ['websocket'], forceNew: true, reconnection: false });
      if (tracked) sockets.push(s);
      s.once('connect', () => {
        if (tracked) s.on('disconnect', (reason) => disconnects.push(`${who.displayName}: ${reason}`));
        resolve(s);
      });
      s.once('connect_error', reject);
    });
  const ask = (s: Socket, event: string, ...args: unknown[]) =>
    new Promise<Ack>((resolve) => s.timeout(ACK_TIMEOUT_MS).emit(event, ...args, (err: Error | null, ack: Ack) => resolve(err ? { ok: false, error: { code: 'NO_ACK', message: err.message } } : ack)));
  /** Retried while the projector has not written the debate yet. */
  const untilOk = async (s: Socket, event: string, payload: unknown) => {
    for (let i = 0; i < 100; i++) {
      const ack = await ask(s, event, payload);
      if (ack.ok) return;
      await sleep(100);
    }
    throw new Error(`${event} kept failing`);
  };

  beforeAll(async () => {
    db = await createTestDatabase('fault_fuzz');
    app = await startApp({ databaseUrl: db.url, env: { KAFKA_BROKERS: '' } });
    pid = app.child.pid;
    const collect = (d: Buffer) => output.push(...d.toString().split('\n').filter((l) => l.trim()));
    app.child.stdout!.on('data', collect);
    app.child.stderr!.on('data', collect);
    http = new JsonClient(app.url, 8);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });

    // A live debate with something in every read model: members, chat, a question, a ballot, voice.
    const room = await openRoom(http, 'Fuzz night');
    ({ host, speaker, debateId } = room);
    mallory = await signUp(http, 'Mallory');
    await command(http, mallory.token, debateId, 'JoinDebate', { role: 'audience' });
    await command(http, speaker.token, debateId, 'PostMessage', { messageId: randomUUID(), kind: 'chat', text: 'Before the storm' });
    await command(http, mallory.token, debateId, 'PostMessage', { messageId: randomUUID(), kind: 'question', text: 'Was it Casaubon?' });
    await command(http, host.token, debateId, 'CastVote', { voteId: VOTE_ID, option: 'yes' });
    await command(http, speaker.token, debateId, 'RaiseHand');
    bigSender = await guest(http, 'Big Frames');
    const [s, h, m] = [await connect(speaker), await connect(host), await connect(mallory)];
    await untilOk(s, 'C_VOICE_JOIN', { debateId, accountId: speaker.accountId });
    await untilOk(h, 'C_VOICE_JOIN', { debateId, accountId: host.accountId });
    await untilOk(h, 'C_ROOM_SUBSCRIBE', { debateId });
    for (const [name, socket] of [['speaker', s], ['host', h], ['mallory', m]] as const) {
      for (const event of ['S_VOICE_OFFER', 'S_VOICE_ANSWER', 'S_VOICE_ICE_CANDIDATE']) socket.on(event, () => delivered.push(`${event} → ${name}`));
    }
    await waitForCatchUp(pool, 60_000);
    before = await snapshot();
    report.events.before = before.events;
    debateBefore = (await http.request('GET', `/api/debates/${debateId}`, undefined, host.token)).body;
    meBefore = (await http.request('GET', '/api/me', undefined, host.token)).body;
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    http?.close();
    await app?.stop();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  const socketIds = (): SocketIds => ({ debateId, accountId: speaker.accountId, peerId: host.accountId, voteId: VOTE_ID });

  it(`answers ${SOCKET_CASES} malformed socket payloads over every client event with an error ack each`, { timeout: 600_000 }, async () => {
    const started = Date.now();
    const ids = socketIds();
    // The oracle's footing: a valid payload for every client event of the contracts, each accepted by it.
    const valid = validPayloads(ids);
    expect(clientEventNames.filter((e) => !Object.hasOwn(valid, e)), 'client events without a valid payload in support/fuzzSocket.ts').toEqual([]);
    const bases = [...Object.entries(valid), ...validCommands(ids).map((c) => ['C_COMMAND', { ...valid.C_COMMAND, ...c }] as const)];
    expect(bases.filter(([e, p]) => !acceptable(e, [{ ...p, ...(e === 'C_COMMAND' ? { commandId: randomUUID() } : {}) }])).map(([e]) => e)).toEqual([]);
    // Oversampled: the schema-valid samples (the node may accept them) and frames over the limit are dropped.
    const cases = fc
      .sample(socketCases(ids), { seed: SEED, numRuns: Math.ceil(SOCKET_CASES * 1.6) })
      .filter((c) => {
        const args = materializeCase(c);
        const keep = !acceptable(c.event, args) && frameBytes(c.event, args) <= FRAME_MAX;
        if (!keep) report.socket.dropped++;
        return keep;
      })
      .slice(0, SOCKET_CASES);
    expect(cases, `only ${cases.length} malformed samples (seed ${SEED})`).toHaveLength(SOCKET_CASES);

    const failures: string[] = [];
    // Each socket's messages are answered in order; three sockets (speaker and host in voice, an audience member) 8 in flight each.
    await inParallel(cases, 24, async (c: SocketCase, i) => {
      const socket = sockets[i % 3]!;
      const args = materializeCase(c);
      let ack: Ack;
      try {
        ack = await ask(socket, c.event, ...args);
      } catch (e) {
        ack = { ok: false, error: { code: 'CLIENT_THREW', message: String(e) } };
      }
      tally(report.socket.byEvent, Object.hasOwn(validPayloads(ids), c.event) ? c.event : 'unknown event');
      tally(report.socket.byHow, c.how);
      const shaped = AckError.safeParse(ack);
      const code = shaped.success ? shaped.data.error.code : ack.ok ? 'ACCEPTED' : 'BAD_SHAPE';
      tally(report.socket.codes, code);
      if (!SOCKET_CODES.includes(code)) failures.push(`#${i} ${c.how} ${preview(c.event)} ${preview(args)} → ${preview(ack)}`);
    });
    report.socket.sent = cases.length;
    report.socket.ms = Date.now() - started;
    expect(failures.slice(0, 10), `${failures.length} answers that are not a refusal of a malformed message (seed ${SEED})`).toEqual([]);
    expect(clientEventNames.filter((e) => !report.socket.byEvent.has(e)), 'client events never fuzzed').toEqual([]);
    expect(disconnects).toEqual([]);
  });

  it(`drops ${NO_ACK_CASES} payloads sent without an ack callback, valid ones included, and answers the next message`, { timeout: 120_000 }, async () => {
    const ids = socketIds();
    const valid = validPayloads(ids);
    const malformed = fc.sample(socketCases(ids), { seed: SEED + 1, numRuns: NO_ACK_CASES });
    for (const [i, c] of malformed.entries()) {
      const socket = sockets[i % 3]!;
      const args = materializeCase(c);
      if (frameBytes(c.event, args) <= FRAME_MAX) socket.emit(c.event, ...args);
      // Every valid payload too, commands included: without an ack none may be handled.
      const event = Object.keys(valid)[i % Object.keys(valid).length]!;
      socket.emit(event, { ...structuredClone(valid[event]!), ...(event === 'C_COMMAND' ? { commandId: randomUUID() } : {}) });
      report.noAck += 2;
    }
    for (const socket of sockets) expect(await ask(socket, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
    expect(disconnects).toEqual([]);
  });

  it('closes only the connection that sends a frame over maxHttpBufferSize (1 MiB) and keeps serving the others', { timeout: 60_000 }, async () => {
    const big = await connect(bigSender, false);
    const closed = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit('C_VOICE_OFFER', { debateId, fromId: bigSender.accountId, toId: host.accountId, sdp: 'x'.repeat(1_100_000) }, () => undefined);
    report.overFrame = await closed;
    for (const socket of sockets) expect(await ask(socket, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
    expect(disconnects).toEqual([]);
  });

  it(`answers ${HTTP_CASES} malformed bodies to every body-taking route with a 4xx and the error body`, { timeout: 600_000 }, async () => {
    const started = Date.now();
    const doc = (await http.ok<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/api/openapi.json')).paths;
    const documented = Object.entries(doc).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op?.requestBody).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(documented.filter((r) => !(r in ROUTES)), 'body-taking routes the fuzzer has no oracle for').toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !documented.includes(r)), 'routes the document no longer lists').toEqual([]);

    const ids: HttpIds = { debateId, token: host.token, voteId: VOTE_ID, peerId: speaker.accountId };
    // The oracle's footing: each route's first base body is one its schema accepts (a refresh token is never one we issued).
    const unaccepted = Object.entries(ROUTES).filter(([r, spec]) => r !== 'POST /api/session/refresh' && !spec.mayAccept(spec.bases(ids)[0]));
    expect(unaccepted.map(([r]) => r)).toEqual([]);
    const cases = fc
      .sample(httpCases(documented, ids), { seed: SEED, numRuns: Math.ceil(HTTP_CASES * 1.5) })
      .filter((c) => {
        const keep = !mayAccept(c, bodyBytes(c));
        if (!keep) report.http.dropped++;
        return keep;
      })
      .slice(0, HTTP_CASES);
    expect(cases, `only ${cases.length} malformed samples (seed ${SEED})`).toHaveLength(HTTP_CASES);

    const failures: string[] = [];
    const base = new URL(app.url);
    await inParallel(cases, 4, async (c: HttpCase, i) => {
      const bytes = bodyBytes(c);
      const answer = await sendCase(base, c, bytes, ids, HTTP_TIMEOUT_MS);
      tally(report.http.byRoute, c.route);
      tally(report.http.byHow, c.how);
      report.http.slowestMs = Math.max(report.http.slowestMs, answer.ms);
      const shaped = ErrorResponse.safeParse(answer.body);
      const label = answer.failure ? 'NO_ANSWER' : `${answer.status} ${shaped.success ? shaped.data.error.code : 'BAD_SHAPE'}`;
      tally(report.http.answers, label);
      if (answer.failure || answer.status < 400 || answer.status >= 500 || !shaped.success) {
        failures.push(
          `#${i} ${c.route}${c.badPath ? ` (path ${c.badPath})` : ''} ${c.how} ct=${c.contentType} ce=${c.contentEncoding} chunked=${c.chunked} auth=${c.auth} ` +
            `${bytes.length} B ${preview(bytes.subarray(0, 200).toString())} → ${answer.failure ?? `${answer.status} ${preview(answer.body)}`}`,
        );
      }
    });
    report.http.sent = cases.length;
    report.http.ms = Date.now() - started;
    expect(failures.slice(0, 10), `${failures.length} answers that are not a 4xx with the error body (seed ${SEED})`).toEqual([]);
    expect(documented.filter((r) => !report.http.byRoute.has(r)), 'routes never fuzzed').toEqual([]);
  });

  it('is still the same live process afterwards: /health and /health/ready answer 200', async () => {
    expect(app.child.exitCode).toBeNull();
    expect(app.child.pid).toBe(pid);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    for (const socket of sockets) expect(socket.connected).toBe(true);
  });

  it('wrote nothing: the store, every read model and the accounts tables as before; no relay delivered', async () => {
    await waitForCatchUp(pool, 60_000);
    const after = await snapshot();
    report.events.after = after.events;
    expect({ events: after.events, head: after.head }).toEqual({ events: before.events, head: before.head });
    expect(rowCounts(after.readModels)).toEqual(rowCounts(before.readModels));
    expect(JSON.stringify(after.readModels) === JSON.stringify(before.readModels), 'read model rows changed').toBe(true);
    expect(JSON.stringify(after.accounts) === JSON.stringify(before.accounts), 'accounts rows changed').toBe(true);
    expect(delivered).toEqual([]);
  });

  it('still refuses and accepts as before: no polluted default shows in a fresh request', async () => {
    // Had `displayName`, `type`, `role` or `admin` reached Object.prototype, these empty bodies would pass.
    const empty = await http.request('POST', '/api/session', {});
    expect(empty.status).toBe(400);
    expect((empty.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect(await ask(sockets[0]!, 'C_COMMAND', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await ask(sockets[0]!, 'C_ROOM_SUBSCRIBE', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await http.request('GET', `/api/debates/${debateId}`, undefined, host.token)).body).toEqual(debateBefore);
    expect((await http.request('GET', '/api/me', undefined, host.token)).body).toEqual(meBefore);
    const mute = await http.request('POST', `/api/debates/${debateId}/commands`, { commandId: randomUUID(), type: 'MuteParticipant', data: { accountId: speaker.accountId, reason: 'no' } }, mallory.token);
    expect(mute.status).toBe(403);
    // And it still accepts: one command over HTTP and one over the socket, each written once.
    expect((await http.request('POST', `/api/debates/${debateId}/commands`, { commandId: randomUUID(), type: 'PostMessage', data: { messageId: randomUUID(), kind: 'chat', text: 'Still here' } }, host.token)).status).toBe(200);
    expect(await ask(sockets[0]!, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'LowerHand', data: {} })).toMatchObject({ ok: true });
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM eventstore.events');
    report.events.sentinel = rows[0]!.n;
    expect(rows[0]!.n).toBe(before.events + 2);
  });

  it('logged no unhandled or uncaught error and no error-level line', () => {
    const lines = [...app.problems(), ...output];
    const unhandled = lines.filter((l) => /unhandled|uncaught/i.test(l));
    const errors = lines.filter((l) => /"level":(50|60)/.test(l));
    const { socket, http: h, events } = report;
    console.info(
      `[fault fuzz] injected (seed ${SEED}): ${socket.sent} malformed socket messages in ${(socket.ms / 1000).toFixed(1)} s ` +
        `(${socket.dropped} schema-valid or oversized samples dropped) by event ${JSON.stringify(sortedObject(socket.byEvent))}, by kind ${JSON.stringify(sortedObject(socket.byHow))}; ` +
        `${report.noAck} without an ack; 1 frame of 1.1 MB (its connection closed: ${report.overFrame || 'NOT CLOSED'}); ${h.sent} malformed HTTP bodies in ${(h.ms / 1000).toFixed(1)} s (${h.dropped} acceptable samples dropped, slowest ${h.slowestMs} ms) ` +
        `by route ${JSON.stringify(sortedObject(h.byRoute))}, by kind ${JSON.stringify(sortedObject(h.byHow))}. ` +
        `verified: socket acks ${JSON.stringify(sortedObject(socket.codes))}, HTTP answers ${JSON.stringify(sortedObject(h.answers))}, ` +
        `events ${events.before} → ${events.after} (+2 sentinel commands → ${events.sentinel}), ${delivered.length} relays delivered, ` +
        `${app.child.exitCode === null && app.child.pid === pid ? `0 crashes (app pid ${pid} alive)` : `the app is GONE (${app.child.exitCode ?? app.child.signalCode})`}, ${disconnects.length} fuzzing sockets dropped, ${unhandled.length} unhandled/uncaught lines, ${errors.length} error lines`,
    );
    expect(unhandled).toEqual([]);
    expect(errors.slice(0, 5)).toEqual([]);
  });
});

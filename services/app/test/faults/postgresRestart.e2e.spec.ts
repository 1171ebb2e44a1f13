// Fault: PostgreSQL stopped (fast shutdown) and started again while users send commands over
// HTTP and the socket. Runs its own PostgreSQL server on a free port (infra/postgres/pg.mjs with
// its own data dir), never the shared test server. Verified: while it is down every failure is a
// retryable 503 UNAVAILABLE with Retry-After (an UNAVAILABLE ack on the socket); retrying those
// commands with the same command id afterwards writes each exactly once (no partial or doubled
// writes); the same app process serves commands again by itself; the projectors catch up and
// every read model equals a clean rebuild.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, freePort, repoRoot, startApp } from '../../bench/support/appProcess.ts';
import { JsonClient } from '../../bench/support/http.ts';
import { compareWithRebuild, waitForCatchUp } from './support/readModels.ts';
import { type Room, type Sent, openRoom, send } from './support/room.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string | (() => string), probe: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(50);
  }
}

/** Our own PostgreSQL server: `up` starts it (initialising the data dir once), `down` stops it. */
function ownPostgres(port: number) {
  const dir = `/tmp/booktalk-faults-pg-${port}`;
  const env = { ...process.env, BOOKTALK_PG_PORT: String(port), BOOKTALK_PG_DIR: dir };
  const run = (cmd: 'up' | 'down') =>
    new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [`${repoRoot}/infra/postgres/pg.mjs`, cmd], { env, timeout: 120_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`pg.mjs ${cmd}: ${stderr || err.message}`)) : resolve(stdout.trim().split('\n').pop() ?? ''),
      );
    });
  return { up: () => run('up'), down: () => run('down'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('fault: PostgreSQL restarted during a command load', () => {
  let server: ReturnType<typeof ownPostgres>;
  let databaseUrl: string;
  let app: AppProcess;
  let http: JsonClient;

  beforeAll(async () => {
    server = ownPostgres(await freePort());
    const adminUrl = await server.up();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE booktalk_faults');
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = '/booktalk_faults';
    databaseUrl = url.toString();
    app = await startApp({ databaseUrl, env: { KAFKA_BROKERS: '' } });
    http = new JsonClient(app.url, 16);
  }, 120_000);
  afterAll(async () => {
    http?.close();
    await app?.stop();
    await server?.down().catch(() => undefined);
    server?.remove();
  }, 60_000);

  it('answers 503 UNAVAILABLE with Retry-After while it is down, resumes by itself, writes nothing twice', { timeout: 180_000 }, async () => {
    const rooms: Room[] = [];
    for (const n of ['Ada', 'Ben', 'Cy', 'Di']) rooms.push(await openRoom(http, `${n}'s night`));
    const socket: Socket = io(app.url, { auth: { token: rooms[0]!.host.token }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });

    let loading = true;
    const sent: Sent[] = [];
    const load = Promise.all(
      rooms.map(async (room) => {
        for (let i = 0; loading; i++) {
          sent.push(await send(http, room, i));
          await sleep(5);
        }
      }),
    );
    let downAt = 0;
    let upAt = 0;
    let socketAck: { ok: boolean; error?: { code: string } } | undefined;
    try {
      await until('commands before the fault', () => sent.filter((s) => s.reply?.status === 200).length >= 20, 30_000);
      await server.down();
      downAt = Date.now();
      const since = (t: number) => JSON.stringify(sent.filter((s) => s.at > t).reduce<Record<string, number>>((m, s) => ({ ...m, [String(s.reply?.status ?? s.error)]: (m[String(s.reply?.status ?? s.error)] ?? 0) + 1 }), {}));
      await until(() => `failures while PostgreSQL is down (answers since: ${since(downAt)}; app exit ${app.child.exitCode ?? app.child.signalCode}; app log: ${app.problems().filter((l) => !l.startsWith('{')).join('\n')})`, () => sent.filter((s) => s.at > downAt && s.reply?.status === 503).length >= 10, 30_000);
      await sleep(Math.max(0, downAt + 3_000 - Date.now())); // an outage of a few seconds, not a blip
      socketAck = await new Promise((resolve) =>
        socket.emit('C_COMMAND', { debateId: rooms[0]!.debateId, commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text: 'while down' } }, resolve),
      );
      await server.up();
      upAt = Date.now();
      await until('commands accepted again', () => sent.filter((s) => s.at > upAt && s.reply?.status === 200).length >= 20, 60_000);
    } finally {
      loading = false;
      await load;
      socket.close();
    }

    const failed = sent.filter((s) => s.reply?.status !== 200 && s.reply?.status !== 422);
    const unavailable = failed.filter((s) => s.reply?.status === 503 && (s.reply.body as { error?: { code?: string } }).error?.code === 'UNAVAILABLE' && s.reply.headers['retry-after']);
    // The clients retry what failed, with the same command ids: each is written once at most.
    const retried = await Promise.all(unavailable.map((s) => http.request('POST', `/api/debates/${s.debateId}/commands`, s.body, s.token)));
    const retriedOk = retried.filter((r) => r.status === 200).length;
    // A retry may be refused by the domain (the room moved on meanwhile: a hand lowered since); never a 5xx.
    const retriedRefused = retried.filter((r) => r.status === 422).length;
    const duplicates = retried.filter((r) => r.status === 200 && (r.body as { duplicate?: boolean }).duplicate).length;

    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const { rows } = await pool.query<{ command_id: string; n: string }>('SELECT command_id, count(*) AS n FROM eventstore.events GROUP BY command_id');
    const written = new Map(rows.map((r) => [r.command_id, Number(r.n)]));
    const accepted = sent.filter((s) => s.reply?.status === 200);
    const refused = sent.filter((s) => s.reply?.status === 422);
    const notOnce = [...accepted, ...unavailable].filter((s) => written.has(s.commandId) && written.get(s.commandId) !== 1).length;
    const acceptedMissing = accepted.filter((s) => !written.has(s.commandId)).length;
    const refusedWritten = refused.filter((s) => written.has(s.commandId)).length;
    await waitForCatchUp(pool, 60_000);
    await pool.end();
    const pid = app.child.pid;
    const stillRunning = app.child.exitCode === null;
    await app.stop();
    const comparison = await compareWithRebuild(databaseUrl);
    console.info(
      `[fault postgres] injected: PostgreSQL fast shutdown for ${upAt - downAt} ms during ${sent.length} HTTP commands and 1 socket command. ` +
        `verified: ${failed.length} failed (${unavailable.length} as 503 UNAVAILABLE + Retry-After), socket ack ${JSON.stringify(socketAck?.error?.code ?? socketAck)}, ` +
        `${unavailable.length} retried with the same command id: ${retriedOk} accepted (${duplicates} already written before the failure), ${retriedRefused} refused by the domain, ` +
        `${notOnce} commands written more than once, ${acceptedMissing} accepted commands missing, ${refusedWritten} refused commands written, ` +
        `app pid ${pid} ${stillRunning ? 'still running' : 'GONE'}, ${comparison.events} events, read models ${comparison.equal ? 'equal to' : `DIFFERENT from (${comparison.differing.join(', ')})`} a clean rebuild`,
    );
    expect(unavailable.length).toBeGreaterThanOrEqual(10);
    expect(failed.length - unavailable.length, 'failures other than 503 UNAVAILABLE with Retry-After').toBe(0);
    expect(socketAck).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(retriedOk + retriedRefused, 'every retry answered 200 or 422').toBe(unavailable.length);
    expect(notOnce).toBe(0);
    expect(acceptedMissing).toBe(0);
    expect(refusedWritten).toBe(0);
    expect(stillRunning).toBe(true);
    expect(comparison.timelineRows).toBe(comparison.events);
    expect(comparison.differing).toEqual([]);
  });
});

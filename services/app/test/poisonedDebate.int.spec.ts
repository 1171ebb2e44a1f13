// One bad debate must not stall the read side for everyone (issue: a `startAt` of -22:00 stopped
// the lobby, every new debate and the timekeeper). The app runs in-process on its own database;
// bad events are appended straight to its store, as old code or corrupt data left them there.
import { randomUUID } from 'node:crypto';
import { debateStreamId } from '@booktalk/contracts';
import { createEventStore, type EventStore } from '@booktalk/eventstore';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type RunningApp, startEmbeddedApp } from '../src/embeddedApp.ts';

const pgAvailable = requireService(await postgresForTests(), 'PostgreSQL');

type Json = Record<string, unknown>;

const call = async (base: string, method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Json };
};

/** The lobby entry of a debate (it carries startAt), once projected. */
const lobbyItem = (base: string, id: string) =>
  eventually(async () => {
    const r = await call(base, 'GET', '/api/debates?limit=100');
    return (r.body.items as Json[] | undefined)?.find((i) => i.id === id);
  }, 10_000, `debate ${id} in the lobby`);

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A DebateScheduled as the code before the storable rules accepted and stored it. */
const oldScheduled = (debateId: string, startAt: string) => ({
  type: 'DebateScheduled',
  schemaVersion: 2,
  data: {
    debateId,
    hostId: 'old-host',
    hostName: 'Old Host',
    title: 'Written by the old code',
    book: { title: 'Middlemarch', author: 'George Eliot' },
    motion: 'Offsets are hard',
    format: 'free',
    maxMembers: 50,
    startAt,
    turnMs: 120_000,
    presentationMs: 300_000,
    at: '2026-11-30T10:00:00.000Z',
  },
  metadata: { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: 'old-host', node: 'old' },
});

describe.skipIf(!pgAvailable)('a poisoned debate does not stall the read side', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let store: EventStore;
  const healed = `healed${randomUUID().slice(0, 8)}`;
  const poisoned = `poison${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = await createTestDatabase('poison');
    store = await createEventStore({ url: db.url });
    // Left in the store before this start: one event PostgreSQL's timestamptz cannot hold as
    // written (an offset of -22:00), and one that no event schema accepts at all.
    await store.append(debateStreamId(healed), [oldScheduled(healed, '2030-01-01T00:00:00-22:00')], 'no_stream');
    await store.append(debateStreamId(poisoned), [{ ...oldScheduled(poisoned, '2030-01-01T00:00:00Z'), data: { debateId: poisoned, title: 42 } }], 'no_stream');
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', BOOKTALK_NODE_ID: 'poison-test', LOG_LEVEL: 'silent', BOOKTALK_WEB: 'off' });
    app = await startEmbeddedApp(config, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await app?.stop();
    await store?.close();
    await db?.drop();
  });

  it('projects an old event whose start time has an offset PostgreSQL refuses, in UTC', async () => {
    const item = await lobbyItem(app.url, healed);
    expect(item.startAt).toBe('2030-01-01T22:00:00.000Z');
    expect((await call(app.url, 'GET', `/api/debates/${healed}`)).status).toBe(200);
  });

  it('accepts a new debate with that offset, stored in UTC, and shows it', async () => {
    const { body: session } = await call(app.url, 'POST', '/api/accounts', undefined, { username: `host-${randomUUID().slice(0, 8)}`, displayName: 'Host', password: 'a-long-enough-password' });
    const created = await call(app.url, 'POST', '/api/debates', String(session.token), {
      commandId: randomUUID(),
      title: 'New with an offset',
      book: { title: 'Middlemarch', author: 'George Eliot' },
      motion: 'Offsets are hard',
      format: 'free',
      startAt: '2030-01-01T00:00:00-22:00',
    });
    expect(created.status).toBe(201);
    const item = await lobbyItem(app.url, String(created.body.debateId));
    expect(item.startAt).toBe('2030-01-01T22:00:00.000Z');
  });

  it('parks only the debate whose event cannot be decoded, and says so on readiness and in /metrics', async () => {
    const ready = await eventually(async () => {
      const r = await call(app.url, 'GET', '/health/ready');
      const checks = r.body.checks as { projections: { projection: string; status: string; parked: number }[] };
      return checks.projections.some((p) => p.parked > 0) ? r : undefined;
    }, 10_000, 'readiness to report the parked debate');
    expect(ready.status).toBe(503);
    const projections = (ready.body.checks as { projections: { status: string; parked: number }[] }).projections;
    // Every read model that meets the event parks that one debate; none is failing as a whole.
    expect(projections.every((p) => p.status === 'parked' && p.parked === 1)).toBe(true);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/^booktalk_projection_parked_debates\{projection="debate_state"\} 1$/m);
    expect((await call(app.url, 'GET', `/api/debates/${poisoned}`)).status).toBe(404);
    expect((await call(app.url, 'GET', '/health')).status).toBe(200);
  });

  it('keeps the timekeeper firing for a healthy debate while another is parked', async () => {
    const token = async (name: string) => String((await call(app.url, 'POST', '/api/accounts', undefined, { username: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`, displayName: name, password: 'a-long-enough-password' })).body.token);
    const [host, alice, bob] = [await token('Host'), await token('Alice'), await token('Bob')];
    const commandId = randomUUID();
    const created = await call(app.url, 'POST', '/api/debates', host, {
      commandId,
      title: 'A timed turn',
      book: { title: 'Middlemarch', author: 'George Eliot' },
      motion: 'Time is short',
      format: 'free',
    });
    const id = String(created.body.debateId);
    const send = async (t: string, type: string, data: Json = {}) => {
      const r = await call(app.url, 'POST', `/api/debates/${id}/commands`, t, { commandId: randomUUID(), type, data });
      expect(r.status, `${type}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    await send(host, 'OpenDebate');
    await send(alice, 'JoinDebate', { role: 'speaker' });
    await send(bob, 'JoinDebate', { role: 'speaker' });
    await send(host, 'StartDebate');
    await send(host, 'AdvanceRound', { to: 'PRESENTATION' });
    await send(host, 'AdvanceRound', { to: 'FREE' });
    await send(alice, 'RaiseHand');
    await send(host, 'GrantTurn', { durationMs: 5_000 });
    const granted = Date.now();
    // The timekeeper arms from the read model: with the poisoned debate parked it still sees this one.
    await eventually(async () => {
      const r = await call(app.url, 'GET', `/api/debates/${id}`);
      return r.status === 200 && r.body.currentTurn !== null ? true : undefined;
    }, 5_000, 'the granted turn on the read side');
    await eventually(async () => {
      const r = await call(app.url, 'GET', `/api/debates/${id}`);
      return r.status === 200 && r.body.currentTurn === null ? true : undefined;
    }, 12_000, 'the 5 s turn to expire');
    // The presentation slot cut short by the round change ended first; the granted turn is the last.
    // Each read model commits on its own: the timeline may land a moment after debate_state (a CI
    // run read it in between), so it is waited for too.
    const lastEnded = await eventually(async () => {
      const timeline = await call(app.url, 'GET', `/api/debates/${id}/timeline?limit=500`);
      const ended = (timeline.body.items as { type: string; summary: string }[]).filter((i) => i.type === 'TurnEnded');
      return ended.some((e) => /ran out of time/.test(e.summary)) ? ended.at(-1)!.summary : undefined;
    }, 5_000, 'the expiry on the timeline');
    expect(lastEnded).toMatch(/ran out of time/);
    expect(Date.now() - granted).toBeGreaterThanOrEqual(5_000);
  });
});

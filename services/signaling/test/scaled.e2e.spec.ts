// The scaled setup for real: a projector process and two app nodes (signaling on the Kafka
// adapter) on one PostgreSQL and Kafka. Clients on different nodes complete the voice exchange
// and see the same state; one node SIGKILLed → its clients reconnect to the other and get their
// state back, and the dead node's voice session that nobody resumes is closed exactly once.
import { randomUUID } from 'node:crypto';
import { createTestDatabase, kafkaForTests, requireService } from '@booktalk/infra/testing';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startEntry } from '../../app/test/support/processes.ts';
import { connect, nextMessage, postgres, request, waitFor } from './support/stack.ts';

const kafka = requireService(await kafkaForTests(), 'Kafka');
const GRACE_MS = 1_000;

describe.skipIf(!postgres || !kafka)('signaling in the scaled setup: two app nodes on Kafka', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  const started: Started[] = [];
  const sockets: Socket[] = [];
  let node1: Started;
  let node2: Started;
  let url1 = '';
  let url2 = '';

  beforeAll(async () => {
    db = await createTestDatabase('signaling_scaled');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafka!.brokers.join(','),
      BOOKTALK_JWT_SECRET: 'scaled-signaling-secret-0123456789abcdef',
      BOOKTALK_VOICE_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: 'warn',
    };
    const run = randomUUID().slice(0, 8);
    started.push(await startEntry('services/app/src/projectorProcess.ts', { ...env, LOG_LEVEL: 'info', BOOKTALK_NODE_ID: `projector-${run}` }, /projector started/));
    const appNode = (id: string) =>
      startEntry('services/app/src/main.ts', { ...env, LOG_LEVEL: 'info', PORT: '0', BOOKTALK_PROJECTORS: 'off', BOOKTALK_WEB: 'off', BOOKTALK_NODE_ID: id }, /BookTalk is running at (http:\/\/\S+?) /);
    [node1, node2] = await Promise.all([appNode(`sig-1-${run}`), appNode(`sig-2-${run}`)]);
    started.push(node1, node2);
    url1 = node1.match;
    url2 = node2.match;
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all(started.map((s) => s.stop()));
    await pool?.end();
    await db?.drop();
  }, 30_000);

  const call = async (base: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const signUp = async (base: string, name: string) => {
    const s = await call(base, '/api/accounts', { username: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`, displayName: name, password: 'a-long-enough-password' });
    return { token: s.token as string, accountId: s.accountId as string };
  };
  const open = async (base: string, token: string) => {
    const s = await connect(base, token);
    sockets.push(s);
    return s;
  };
  const voiceLefts = async (accountId: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM eventstore.events WHERE type = 'VoiceLeft' AND data->>'accountId' = $1`, [accountId])).rows[0]!.n);

  it('relays voice across nodes, pushes the same state, and survives a SIGKILLed node', async () => {
    const [host, alice, bob, carol] = await Promise.all([signUp(url1, 'Host'), signUp(url1, 'Alice'), signUp(url2, 'Bob'), signUp(url1, 'Carol')]);
    const { debateId } = (await call(
      url1,
      '/api/debates',
      { commandId: randomUUID(), title: 'Scaled voices', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format: 'free' },
      host.token,
    )) as { debateId: string };
    const command = (base: string, token: string, type: string, data: unknown = {}) =>
      call(base, `/api/debates/${debateId}/commands`, { commandId: randomUUID(), type, data }, token);
    await command(url2, host.token, 'OpenDebate');
    for (const p of [alice, bob, carol]) await command(url1, p.token, 'JoinDebate', { role: 'speaker' });
    await waitFor(async () => {
      const res = await fetch(`${url2}/api/debates/${debateId}`);
      return res.ok && ((await res.json()) as { participants: unknown[] }).participants.length === 3;
    }, 'the projector to show the three speakers', 20_000);

    // Alice and Carol on node 1, Bob on node 2, all in voice.
    const [a, c, b] = await Promise.all([open(url1, alice.token), open(url1, carol.token), open(url2, bob.token)]);
    for (const [s, p] of [[a, alice], [c, carol], [b, bob]] as const) {
      expect(await request(s, 'C_VOICE_JOIN', { debateId, accountId: p.accountId }, 10_000)).toMatchObject({ ok: true });
    }
    const offer = { debateId, fromId: bob.accountId, toId: alice.accountId, sdp: 'v=0 across' };
    const gotOffer = nextMessage(a, 'S_VOICE_OFFER');
    expect(await request(b, 'C_VOICE_OFFER', offer)).toEqual({ ok: true });
    expect(await gotOffer).toEqual(offer);
    const answer = { debateId, fromId: alice.accountId, toId: bob.accountId, sdp: 'v=0 back' };
    const gotAnswer = nextMessage(b, 'S_VOICE_ANSWER');
    expect(await request(a, 'C_VOICE_ANSWER', answer)).toEqual({ ok: true });
    expect(await gotAnswer).toEqual(answer);

    // A command over the socket on node 1 reaches the subscribers on both nodes.
    await request(a, 'C_ROOM_SUBSCRIBE', { debateId });
    await request(b, 'C_ROOM_SUBSCRIBE', { debateId });
    const ack = await request(a, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text: 'hello' } });
    expect(ack.ok).toBe(true);
    const reached = (m: { position: string }) => BigInt(m.position) >= BigInt(ack.position as string);
    const [onOne, onTwo] = await Promise.all([nextMessage(a, 'S_DEBATE_STATE', reached, 15_000), nextMessage(b, 'S_DEBATE_STATE', reached, 15_000)]);
    expect(onTwo).toEqual(onOne);

    // Node 1 dies. Alice comes back on node 2 and gets her state and her voice room back; Carol does not come back.
    const aliceDropped = new Promise((resolve) => a.once('disconnect', resolve));
    await node1.stop('SIGKILL');
    await aliceDropped;
    const a2 = await open(url2, alice.token);
    const snapshot = nextMessage<{ position: string }>(a2, 'S_DEBATE_STATE', () => true, 15_000);
    expect(await request(a2, 'C_ROOM_SUBSCRIBE', { debateId }, 15_000)).toMatchObject({ ok: true });
    expect(BigInt((await snapshot).position)).toBeGreaterThanOrEqual(BigInt(ack.position as string));
    const rejoin = await request(a2, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId }, 15_000);
    expect(rejoin, JSON.stringify(rejoin)).toMatchObject({ ok: true, peers: [{ accountId: bob.accountId }] });

    // Node 2 closes Carol's orphaned session once (after its heartbeat gave up on node 1); Alice's stays open.
    await waitFor(async () => (await voiceLefts(carol.accountId)) === 1, 'Carol’s session closed', 45_000);
    const closedAt = Date.now();
    await waitFor(() => Date.now() > closedAt + 3 * GRACE_MS, 'more sweeps', 10_000);
    expect(await voiceLefts(carol.accountId)).toBe(1);
    expect(await voiceLefts(alice.accountId)).toBe(0);
  }, 120_000);
});

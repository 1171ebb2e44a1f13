// Two signaling nodes joined by the socket.io Kafka adapter (real broker), one database and one
// state bus: voice across nodes, isolation, takeover across nodes, state pushed on both, and a
// session moving to the other node within the grace period writing no leave.
import { randomUUID } from 'node:crypto';
import { type KafkaAdapterFactory, createKafkaAdapter } from '@booktalk/bus';
import { kafkaForTests, requireService } from '@booktalk/infra/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate } from './support/debates.ts';
import { type Stack, type TestNode, connect, nextMessage, postgres, record, request, startStack, waitFor } from './support/stack.ts';

const kafka = requireService(await kafkaForTests(), 'Kafka');
const GRACE_MS = 1_500;

describe.skipIf(!postgres || !kafka)('two signaling nodes on the Kafka adapter', () => {
  let stack: Stack;
  let one: TestNode;
  let two: TestNode;
  const factories: KafkaAdapterFactory[] = [];
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
  const open = async (p: Person, node: TestNode) => {
    const s = await connect(node.url, p.token);
    sockets.push(s);
    return s;
  };
  const eventsOf = async (type: string, accountId: string) => {
    const { rows } = await stack.pool.query<{ n: string }>(`SELECT count(*) AS n FROM eventstore.events WHERE type = $1 AND data->>'accountId' = $2`, [type, accountId]);
    return Number(rows[0]!.n);
  };
  /** Alice in voice on node one, Bob on node two. */
  const acrossNodes = async () => {
    const [host, alice, bob] = await Promise.all([person('Host'), person('Alice'), person('Bob')]);
    const debateId = await openDebate(one.handler, stack.pool, host, [alice, bob]);
    const [a, b] = await Promise.all([open(alice, one), open(bob, two)]);
    expect(await request(a, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true, peers: [] });
    const announced = nextMessage(a, 'S_VOICE_JOIN');
    expect(await request(b, 'C_VOICE_JOIN', { debateId, accountId: bob.accountId })).toMatchObject({ ok: true, peers: [{ accountId: alice.accountId }] });
    expect(await announced).toMatchObject({ accountId: bob.accountId });
    return { debateId, host, alice, bob, a, b };
  };

  beforeAll(async () => {
    stack = await startStack({ sweep: false });
    const topic = `booktalk.socketio.test-${randomUUID().slice(0, 8)}`;
    const adapter = async (name: string) => {
      const f = await createKafkaAdapter({
        brokers: kafka!.brokers,
        nodeId: `${name}-${randomUUID().slice(0, 8)}`,
        topic,
        heartbeatInterval: 500,
        heartbeatTimeout: 3_000,
        maxWaitTimeInMs: 50,
        logger: { warn: () => undefined, error: (m, d) => console.error(m, d) },
      });
      factories.push(f);
      return f;
    };
    const f1 = await adapter('one');
    const f2 = await adapter('two');
    one = await stack.startNode({ ports: { adapter: f1 }, config: { voiceGraceMs: GRACE_MS }, sweep: false });
    two = await stack.startNode({ ports: { adapter: f2 }, config: { voiceGraceMs: GRACE_MS }, sweep: false });
    const serverCount = (n: TestNode) => (n.node.io.of('/').adapter as unknown as { serverCount(): Promise<number> }).serverCount();
    await waitFor(async () => (await serverCount(one)) === 2 && (await serverCount(two)) === 2, 'the nodes to see each other', 30_000);
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
    for (const f of factories) await f.close();
  });

  it('relays the offer / answer / candidate exchange between clients on different nodes', async () => {
    const { debateId, alice, bob, a, b } = await acrossNodes();
    const offer = { debateId, fromId: alice.accountId, toId: bob.accountId, sdp: 'v=0 offer' };
    const gotOffer = nextMessage(b, 'S_VOICE_OFFER');
    expect(await request(a, 'C_VOICE_OFFER', offer)).toEqual({ ok: true });
    expect(await gotOffer).toEqual(offer);
    const answer = { debateId, fromId: bob.accountId, toId: alice.accountId, sdp: 'v=0 answer' };
    const gotAnswer = nextMessage(a, 'S_VOICE_ANSWER');
    expect(await request(b, 'C_VOICE_ANSWER', answer)).toEqual({ ok: true });
    expect(await gotAnswer).toEqual(answer);
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    const gotCandidate = nextMessage(a, 'S_VOICE_ICE_CANDIDATE');
    await request(b, 'C_VOICE_ICE_CANDIDATE', { debateId, fromId: bob.accountId, toId: alice.accountId, candidate });
    expect(await gotCandidate).toEqual({ debateId, fromId: bob.accountId, toId: alice.accountId, candidate });
  });

  it('keeps a participant of another debate on the other node from reaching the peers', async () => {
    const { debateId, alice, a } = await acrossNodes();
    const [otherHost, carol] = await Promise.all([person('Other'), person('Carol')]);
    const other = await openDebate(two.handler, stack.pool, otherHost, [carol]);
    const c = await open(carol, two);
    const offers = record(a, 'S_VOICE_OFFER');
    expect((await request(c, 'C_VOICE_JOIN', { debateId, accountId: carol.accountId })).error?.code).toBe('NOT_PARTICIPANT');
    await request(c, 'C_VOICE_JOIN', { debateId: other, accountId: carol.accountId });
    const toAlice = { fromId: carol.accountId, toId: alice.accountId, sdp: 'v=0' };
    expect((await request(c, 'C_VOICE_OFFER', { debateId, ...toAlice })).error?.code).toBe('NOT_IN_VOICE');
    expect((await request(c, 'C_VOICE_OFFER', { debateId: other, ...toAlice })).error?.code).toBe('PEER_NOT_IN_VOICE');
    await request(a, 'C_ROOM_SUBSCRIBE', { debateId });
    expect(offers).toEqual([]);
  });

  it('lets a connection on the other node take over, and the room shows the account once', async () => {
    const { debateId, alice, a, b } = await acrossNodes();
    const replaced = nextMessage(a, 'S_SESSION_REPLACED');
    const left = nextMessage(b, 'S_VOICE_LEAVE');
    const a2 = await open(alice, two);
    expect(await replaced).toEqual({ accountId: alice.accountId, reason: 'replaced' });
    expect(await left).toEqual({ debateId, accountId: alice.accountId, reason: 'replaced' });
    await waitFor(async () => (await one.node.io.in(`account:${alice.accountId}`).fetchSockets()).length === 1, 'one socket of the account');
    expect(await request(a2, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true });
    const members = (await one.node.io.in(`voice:${debateId}`).fetchSockets()).map((s) => s.data.accountId);
    expect(members.filter((id) => id === alice.accountId)).toHaveLength(1);
  });

  it('pushes a command’s state to subscribers on both nodes', async () => {
    const { debateId, a, b } = await acrossNodes();
    await request(a, 'C_ROOM_SUBSCRIBE', { debateId });
    await request(b, 'C_ROOM_SUBSCRIBE', { debateId });
    const ack = await request(a, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text: 'hello' } });
    const reached = (m: { position: string }) => BigInt(m.position) >= BigInt(ack.position as string);
    await Promise.all([nextMessage(a, 'S_DEBATE_STATE', reached), nextMessage(b, 'S_DEBATE_STATE', reached)]);
  });

  it('relays 200 offers across nodes and pushes 50 commands to the other node (latencies printed)', async () => {
    const { debateId, alice, bob, a, b } = await acrossNodes();
    const relay: number[] = [];
    for (let i = 0; i < 200; i++) {
      const sdp = `v=0 #${i} ${'a'.repeat(2_000)}`;
      const received = nextMessage<{ sdp: string }>(b, 'S_VOICE_OFFER', (m) => m.sdp === sdp);
      const started = performance.now();
      a.emit('C_VOICE_OFFER', { debateId, fromId: alice.accountId, toId: bob.accountId, sdp }, () => undefined);
      await received;
      relay.push(performance.now() - started);
    }
    await request(b, 'C_ROOM_SUBSCRIBE', { debateId });
    const push: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const ack = await request(a, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text: `m${i}` } });
      await nextMessage<{ position: string }>(b, 'S_DEBATE_STATE', (m) => BigInt(m.position) >= BigInt(ack.position as string));
      push.push(performance.now() - started);
    }
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
      return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1)!.toFixed(2) };
    };
    console.log(`cross-node relay latency (client on node one → Kafka → client on node two, ms): ${JSON.stringify(stats(relay))}`);
    console.log(`cross-node command → push latency (C_COMMAND on node one → S_DEBATE_STATE on node two, ms): ${JSON.stringify(stats(push))}`);
    expect(relay).toHaveLength(200);
    expect(push).toHaveLength(50);
  }, 60_000);

  it('writes no VoiceLeft when a dropped account comes back on the other node within the grace period', async () => {
    const { debateId, alice, a } = await acrossNodes();
    a.disconnect();
    const back = await open(alice, two);
    expect(await request(back, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true });
    const since = Date.now();
    await waitFor(() => Date.now() > since + GRACE_MS + 500, 'the grace period to pass', GRACE_MS + 3_000);
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(0);
  });
});

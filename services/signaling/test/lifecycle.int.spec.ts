// The voice lifecycle in the event store: takeover by a second connection, the grace period for
// a dropped socket, the leaves of a clean stop, and sessions of a crashed node closed once.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate } from './support/debates.ts';
import { type Stack, type TestNode, connect, nextMessage, postgres, request, startStack, waitFor } from './support/stack.ts';

const GRACE_MS = 800;

describe.skipIf(!postgres)('the voice lifecycle', () => {
  let stack: Stack;
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
  const open = async (p: Person, node: TestNode = stack.first) => {
    const s = await connect(node.url, p.token);
    sockets.push(s);
    return s;
  };
  const eventsOf = async (type: string, accountId: string) => {
    const { rows } = await stack.pool.query<{ n: string }>(`SELECT count(*) AS n FROM eventstore.events WHERE type = $1 AND data->>'accountId' = $2`, [type, accountId]);
    return Number(rows[0]!.n);
  };
  const inVoice = async (node: TestNode, debateId: string) =>
    (await node.node.io.in(`voice:${debateId}`).fetchSockets()).map((s) => s.data.accountId).sort();
  /** Alice and Bob in the voice room of a fresh debate on `node`. */
  const pair = async (node: TestNode = stack.first) => {
    const [host, alice, bob] = await Promise.all([person('Host'), person('Alice'), person('Bob')]);
    const debateId = await openDebate(node.handler, stack.pool, host, [alice, bob]);
    const [a, b] = await Promise.all([open(alice, node), open(bob, node)]);
    await request(a, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId });
    await request(b, 'C_VOICE_JOIN', { debateId, accountId: bob.accountId });
    return { debateId, alice, bob, a, b };
  };
  /** Past the grace period of everything dropped before now (the node's timers have fired). */
  const pastGrace = (since: number) => waitFor(() => Date.now() > since + GRACE_MS + 300, 'the grace period to pass', GRACE_MS + 2_000);

  beforeAll(async () => {
    stack = await startStack({ config: { voiceGraceMs: GRACE_MS }, sweep: false });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
  });

  it('replaces the older connection of an account that connects again', async () => {
    const { debateId, alice, a, b } = await pair();
    const replaced = nextMessage(a, 'S_SESSION_REPLACED');
    const gone = new Promise<string>((resolve) => a.once('disconnect', resolve));
    const left = nextMessage(b, 'S_VOICE_LEAVE');
    const a2 = await open(alice);
    expect(await replaced).toEqual({ accountId: alice.accountId, reason: 'replaced' });
    expect(await gone).toBe('io server disconnect');
    expect(await left).toEqual({ debateId, accountId: alice.accountId, reason: 'replaced' });
    expect(await stack.first.node.io.in(`account:${alice.accountId}`).fetchSockets()).toHaveLength(1);

    const rejoined = nextMessage(b, 'S_VOICE_JOIN');
    expect(await request(a2, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true });
    await rejoined;
    // The room shows the account once, and the takeover that rejoined wrote no leave / join pair.
    expect((await inVoice(stack.first, debateId)).filter((id) => id === alice.accountId)).toHaveLength(1);
    const since = Date.now();
    await pastGrace(since);
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(0);
    expect(await eventsOf('VoiceJoined', alice.accountId)).toBe(1);
  });

  it('writes nothing for a socket dropped and back within the grace period', async () => {
    const { debateId, alice, a, b } = await pair();
    a.disconnect();
    const rejoined = nextMessage(b, 'S_VOICE_JOIN');
    const a2 = await open(alice);
    expect(await request(a2, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true });
    await rejoined;
    await pastGrace(Date.now());
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(0);
    expect(await eventsOf('VoiceJoined', alice.accountId)).toBe(1);
  });

  it('writes exactly one VoiceLeft for a socket that stays away past the grace period', async () => {
    const { debateId, alice, a, b } = await pair();
    const left = nextMessage(b, 'S_VOICE_LEAVE', () => true, GRACE_MS + 5_000);
    const dropped = Date.now();
    a.disconnect();
    expect(await left).toEqual({ debateId, accountId: alice.accountId, reason: 'disconnected' });
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(GRACE_MS - 50);
    await waitFor(async () => (await eventsOf('VoiceLeft', alice.accountId)) === 1, 'one VoiceLeft');
    await pastGrace(Date.now());
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(1);
    const { rows } = await stack.pool.query<{ reason: string }>(`SELECT data->>'reason' AS reason FROM eventstore.events WHERE type = 'VoiceLeft' AND data->>'accountId' = $1`, [alice.accountId]);
    expect(rows).toEqual([{ reason: 'disconnected' }]);
  });

  it('writes the leaves of its voice sessions when a node stops cleanly', async () => {
    const node = await stack.startNode({ config: { voiceGraceMs: 60_000 }, sweep: false });
    const { alice, bob, b } = await pair(node);
    const dropped = new Promise((resolve) => b.once('disconnect', resolve));
    await node.stop();
    await dropped;
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(1);
    expect(await eventsOf('VoiceLeft', bob.accountId)).toBe(1);
  });

  it('closes, once, the voice sessions a crashed node left behind', async () => {
    // The "crashed" node keeps its sockets' sessions for an hour and never stops cleanly before
    // the check: from the store's view they are open sessions no node holds.
    const crashed = await stack.startNode({ config: { voiceGraceMs: 3_600_000 }, sweep: false });
    const { alice, bob } = await pair(crashed);
    crashed.node.io.local.disconnectSockets(true);
    await waitFor(() => crashed.node.connections() === 0, 'the crashed node to lose its sockets');

    const survivor = await stack.startNode({ config: { voiceGraceMs: GRACE_MS, orphanSweepMs: 200 } });
    await waitFor(
      async () => (await eventsOf('VoiceLeft', alice.accountId)) === 1 && (await eventsOf('VoiceLeft', bob.accountId)) === 1,
      'both sessions closed',
    );
    await pastGrace(Date.now());
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(1);
    expect(await eventsOf('VoiceLeft', bob.accountId)).toBe(1);
    await survivor.stop();
    await crashed.stop();
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(1);
  });

  it('never closes a session whose socket is still connected', async () => {
    const node = await stack.startNode({ config: { voiceGraceMs: GRACE_MS, orphanSweepMs: 100 } });
    const { alice } = await pair(node);
    await pastGrace(Date.now());
    await pastGrace(Date.now());
    expect(await eventsOf('VoiceLeft', alice.accountId)).toBe(0);
  });
});

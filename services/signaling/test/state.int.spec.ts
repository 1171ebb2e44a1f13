// Live projected state over the socket: snapshots, pushes in position order to every subscriber,
// commands over the socket with the HTTP route's validation, idempotency and error codes.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate } from './support/debates.ts';
import { type Stack, connect, nextMessage, postgres, record, request, startStack, waitFor } from './support/stack.ts';

interface StateMessage {
  debateId: string;
  position: string;
  state: { participants: { accountId: string }[]; version: number };
}

describe.skipIf(!postgres)('projected state over the socket', () => {
  let stack: Stack;
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
  const open = async (p: Person) => {
    const s = await connect(stack.first.url, p.token);
    sockets.push(s);
    return s;
  };
  const http = (p: Person, debateId: string, type: string, data: unknown, commandId = randomUUID()) =>
    fetch(`${stack.first.url}/api/debates/${debateId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
      body: JSON.stringify({ commandId, type, data }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { ok: boolean; position?: string; error?: { code: string } } }));

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
  });

  it('answers a subscription with the snapshot at the read model’s position', async () => {
    const host = await person('Host');
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const s = await open(host);
    const snapshot = nextMessage<StateMessage>(s, 'S_DEBATE_STATE');
    const ack = await request(s, 'C_ROOM_SUBSCRIBE', { debateId });
    const first = await snapshot;
    expect(ack).toEqual({ ok: true, debateId, position: first.position });
    expect(first.state).toMatchObject({ id: debateId, status: 'open', hostId: host.accountId });
  });

  it('refuses a subscription to a debate that does not exist', async () => {
    const s = await open(await person('Nobody'));
    expect((await request(s, 'C_ROOM_SUBSCRIBE', { debateId: 'no-such-debate' })).error?.code).toBe('DEBATE_NOT_FOUND');
  });

  it('pushes every change to every subscriber in increasing position, from socket and HTTP commands alike', async () => {
    const host = await person('Host');
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const subscribers = await Promise.all(['S1', 'S2', 'S3'].map(async (n) => open(await person(n))));
    const seen = subscribers.map((s) => record<StateMessage>(s, 'S_DEBATE_STATE'));
    for (const s of subscribers) expect(await request(s, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });

    // Ten joins over the socket and ten over HTTP, interleaved and concurrent.
    const joiners = await Promise.all(Array.from({ length: 20 }, (_, i) => person(`J${i}`)));
    const joinerSockets = await Promise.all(joiners.slice(0, 10).map(open));
    const results = await Promise.all(
      joiners.map((p, i) =>
        i < 10
          ? request(joinerSockets[i]!, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'JoinDebate', data: { role: 'audience' } })
          : http(p, debateId, 'JoinDebate', { role: 'audience' }).then((r) => r.body),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const last = results.map((r) => BigInt(r.position as string)).reduce((a, b) => (a > b ? a : b));

    for (const messages of seen) {
      await waitFor(() => messages.length > 0 && BigInt(messages.at(-1)!.position) >= last, 'the last change pushed');
      const positions = messages.map((m) => BigInt(m.position));
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
      const finalIds = messages.at(-1)!.state.participants.map((p) => p.accountId);
      for (const j of joiners) expect(finalIds).toContain(j.accountId);
    }
    // Every subscriber saw the same sequence of changes.
    const sequences = seen.map((m) => m.map((x) => x.position).join(','));
    expect(new Set(sequences).size).toBe(1);
  });

  it('gives C_COMMAND the HTTP route’s error codes', async () => {
    const [host, guest] = await Promise.all([person('Host'), person('Guest')]);
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const s = await open(guest);
    const before = await stack.countEvents();
    const cases: [string, unknown][] = [
      ['StartDebate', {}],
      ['NoSuchCommand', {}],
      ['JoinDebate', { role: 'referee' }],
      ['CreateDebate', {}],
    ];
    for (const [type, data] of cases) {
      const overSocket = await request(s, 'C_COMMAND', { debateId, commandId: randomUUID(), type, data });
      const overHttp = await http(guest, debateId, type, data);
      expect(overSocket.ok).toBe(false);
      expect(overSocket.error?.code).toBe(overHttp.body.error?.code);
    }
    expect(await stack.countEvents()).toBe(before);
  });

  it('treats a repeated commandId as a duplicate, over the socket as over HTTP', async () => {
    const [host, p] = await Promise.all([person('Host'), person('Again')]);
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const s = await open(p);
    const commandId = randomUUID();
    const first = await request(s, 'C_COMMAND', { debateId, commandId, type: 'JoinDebate', data: { role: 'audience' } });
    const again = await request(s, 'C_COMMAND', { debateId, commandId, type: 'JoinDebate', data: { role: 'audience' } });
    const overHttp = await http(p, debateId, 'JoinDebate', { role: 'audience' }, commandId);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(overHttp.body).toMatchObject({ ok: true, position: first.position, duplicate: true });
  });

  it('stops pushing after C_ROOM_UNSUBSCRIBE', async () => {
    const host = await person('Host');
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const [leaving, staying] = await Promise.all([open(await person('Leaving')), open(await person('Staying'))]);
    await request(leaving, 'C_ROOM_SUBSCRIBE', { debateId });
    await request(staying, 'C_ROOM_SUBSCRIBE', { debateId });
    expect(await request(leaving, 'C_ROOM_UNSUBSCRIBE', { debateId })).toEqual({ ok: true, debateId });
    const afterLeaving = record<StateMessage>(leaving, 'S_DEBATE_STATE');
    const ack = await request(staying, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'JoinDebate', data: { role: 'audience' } });
    await nextMessage<StateMessage>(staying, 'S_DEBATE_STATE', (m) => BigInt(m.position) >= BigInt(ack.position as string));
    // One more round trip on the unsubscribed socket: a push would have arrived before its ack.
    await request(leaving, 'C_ROOM_UNSUBSCRIBE', { debateId });
    expect(afterLeaving).toEqual([]);
  });

  it('drops a stale or repeated change from the bus instead of pushing it', async () => {
    const host = await person('Host');
    const debateId = await openDebate(stack.first.handler, stack.pool, host, []);
    const s = await open(host);
    const seen = record<StateMessage>(s, 'S_DEBATE_STATE');
    await request(s, 'C_ROOM_SUBSCRIBE', { debateId });
    await waitFor(() => seen.length === 1, 'the snapshot');
    const snapshot = seen[0]!;
    // A redelivery of the snapshot's position and an older one (Kafka may do both).
    await stack.bus.publish('booktalk.debate-changes', debateId, { debateId, position: snapshot.position, eventTypes: [], state: snapshot.state });
    await stack.bus.publish('booktalk.debate-changes', debateId, { debateId, position: '1', eventTypes: [], state: snapshot.state });
    await stack.bus.drain();
    await request(s, 'C_ROOM_SUBSCRIBE', { debateId: 'no-such-debate' });
    expect(seen).toHaveLength(1);
  });
});

// 1,000 random malformed payloads over every client event: each answered with an error ack,
// the node still serving afterwards, nothing written to the store.
import { randomUUID } from 'node:crypto';
import { clientEventNames, clientEvents } from '@booktalk/contracts';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate } from './support/debates.ts';
import { type Stack, connect, postgres, request, startStack, waitFor } from './support/stack.ts';

describe.skipIf(!postgres)('malformed client messages', () => {
  let stack: Stack;
  let alice: Person;
  let debateId: string;
  let socket: Socket;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    stack = await startStack();
    const [host, a] = await Promise.all([stack.session('Host'), stack.session('Alice')]);
    alice = { ...a, displayName: 'Alice' };
    debateId = await openDebate(stack.first.handler, stack.pool, { ...host, displayName: 'Host' }, [alice]);
    socket = await connect(stack.first.url, alice.token);
    // In voice, so relays get past the membership check and their payloads are what is refused.
    expect(await request(socket, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    socket?.close();
    await stack?.close();
  });

  /** Valid payloads per event, to mutate: a malformed message is often a valid one with one field wrong. */
  const valid = (): Record<string, Record<string, unknown>> => ({
    C_ROOM_SUBSCRIBE: { debateId },
    C_ROOM_UNSUBSCRIBE: { debateId },
    C_COMMAND: { debateId, commandId: randomUUID(), type: 'RaiseHand', data: {} },
    C_VOICE_JOIN: { debateId, accountId: alice.accountId },
    C_VOICE_LEAVE: { debateId },
    C_VOICE_OFFER: { debateId, fromId: alice.accountId, toId: 'bob', sdp: 'v=0' },
    C_VOICE_ANSWER: { debateId, fromId: alice.accountId, toId: 'bob', sdp: 'v=0' },
    C_VOICE_ICE_CANDIDATE: { debateId, fromId: alice.accountId, toId: 'bob', candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 } },
    C_VOICE_LINK: { debateId, peerId: 'bob', outcome: 'connected', connectMs: 10, attempt: 1 },
    C_STAGE_PUBLISH: { debateId, jsep: { type: 'offer', sdp: 'v=0' } },
    C_STAGE_SUBSCRIBE: { debateId },
    C_STAGE_START: { debateId, jsep: { type: 'answer', sdp: 'v=0' } },
    C_STAGE_TRICKLE: { debateId, leg: 'subscriber', candidate: null },
    C_STAGE_LEAVE: { debateId },
  });
  const junk = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.string({ maxLength: 200 }),
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  );
  const pollution = fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}');
  const malformed = fc.oneof(
    // Anything at all as the payload
    fc.record({ event: fc.constantFrom(...clientEventNames), payload: junk, how: fc.constant('whole' as const) }),
    // A valid payload with one field replaced, removed, or an unknown one added
    fc.record({
      event: fc.constantFrom(...clientEventNames),
      field: fc.string({ minLength: 1, maxLength: 12 }),
      value: junk,
      how: fc.constantFrom('replace' as const, 'remove' as const, 'extra' as const),
    }),
    // Prototype-pollution keys inside an otherwise valid payload
    fc.record({ event: fc.constantFrom(...clientEventNames), json: pollution, how: fc.constant('pollute' as const) }),
    // An event name nobody knows
    fc.record({ event: fc.string({ minLength: 1, maxLength: 30 }).filter((e) => !(e in clientEvents)), payload: junk, how: fc.constant('unknown' as const) }),
  );

  const build = (c: unknown): { event: string; payload: unknown } => {
    const v = c as { event: string; payload?: unknown; field?: string; value?: unknown; json?: string; how: string };
    const base = valid()[v.event];
    switch (v.how) {
      case 'whole':
      case 'unknown':
        return { event: v.event, payload: v.payload };
      case 'pollute':
        return { event: v.event, payload: { ...base, ...JSON.parse(v.json!) } };
      default: {
        const keys = Object.keys(base!);
        const key = v.how === 'extra' ? `x_${v.field}` : keys[v.field!.length % keys.length]!;
        const copy: Record<string, unknown> = { ...base };
        if (v.how === 'remove') delete copy[key];
        else copy[key] = v.value;
        return { event: v.event, payload: copy };
      }
    }
  };
  /** What the server will receive: socket.io sends JSON. */
  const onTheWire = (x: unknown): unknown => (x === undefined ? undefined : JSON.parse(JSON.stringify(x) ?? 'null'));
  const isValid = (event: string, payload: unknown) => {
    if (!(event in clientEvents)) return false;
    const wire = onTheWire(payload);
    const text = JSON.stringify(wire) ?? '';
    if (text.includes('"__proto__"') || text.includes('"constructor"') || text.includes('"prototype"')) return false;
    return clientEvents[event as keyof typeof clientEvents].safeParse(wire).success;
  };

  it('answers 1,000 of them with an error ack each, writes nothing and keeps serving', async () => {
    const before = await stack.countEvents();
    const samples = fc
      .sample(malformed, 1_400)
      .map(build)
      .filter(({ event, payload }) => !isValid(event, payload))
      .slice(0, 1_000);
    expect(samples).toHaveLength(1_000);
    const codes = new Map<string, number>();
    for (const { event, payload } of samples) {
      const ack = await request(socket, event, payload);
      expect(ack.ok, `${event} ${JSON.stringify(payload)?.slice(0, 200)}`).toBe(false);
      expect(typeof ack.error?.code).toBe('string');
      codes.set(ack.error!.code, (codes.get(ack.error!.code) ?? 0) + 1);
    }
    expect(await stack.countEvents()).toBe(before);
    expect(unhandled).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still the same healthy node: the socket is connected and a valid request works.
    expect(socket.connected).toBe(true);
    expect(stack.first.node.connections()).toBe(1);
    expect(await request(socket, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
    // Refused by the payload checks and the schemas, not by a fault.
    expect(codes.has('INTERNAL')).toBe(false);
  });

  it('drops a message without an ack callback and answers the next one', async () => {
    const before = await stack.countEvents();
    socket.emit('C_COMMAND', { debateId, commandId: randomUUID(), type: 'RaiseHand', data: {} });
    socket.emit('C_VOICE_OFFER', 'not even an object');
    expect(await request(socket, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
    expect(await stack.countEvents()).toBe(before);
  });

  it('answers events named like EventEmitter internals with UNKNOWN_EVENT and stays up', async () => {
    for (const name of ['error', 'toString', '__proto__', 'hasOwnProperty']) {
      const ack = (await socket.timeout(5_000).emitWithAck(name, { debateId })) as { ok: boolean; error?: { code: string } };
      expect(ack.error?.code).toBe('UNKNOWN_EVENT');
    }
    expect(await request(socket, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
  });

  it('refuses more than one payload argument', async () => {
    const ack = (await socket.timeout(5_000).emitWithAck('C_ROOM_SUBSCRIBE', { debateId }, { debateId })) as { ok: boolean; error?: { code: string } };
    expect(ack.error?.code).toBe('INVALID_PAYLOAD');
  });

  it('closes the connection of a frame over maxHttpBufferSize and stays up for others', async () => {
    const big = await connect(stack.first.url, (await stack.session('Big')).token);
    const closed = new Promise((resolve) => big.once('disconnect', resolve));
    big.emit('C_VOICE_OFFER', { debateId, fromId: 'x', toId: 'y', sdp: 'x'.repeat(1_100_000) }, () => undefined);
    await closed;
    expect(await request(socket, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
  });

  it('answers RATE_LIMITED over the budget and disconnects a socket far over it', async () => {
    const limited = await stack.startNode({ config: { rateLimit: { messagesPerSecond: 5, bytesPerSecond: 1_000_000 } } });
    const s = await connect(limited.url, (await stack.session('Chatty')).token);
    const gone = new Promise((resolve) => s.once('disconnect', resolve));
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) acks.push(s.timeout(2_000).emitWithAck('C_ROOM_SUBSCRIBE', { debateId }).catch(() => ({ ok: false, error: { code: 'NO_ACK' } })));
    const replies = (await Promise.all(acks)) as { ok: boolean; error?: { code: string } }[];
    expect(replies.filter((r) => r.ok).length).toBeLessThanOrEqual(6);
    expect(replies.some((r) => r.error?.code === 'RATE_LIMITED')).toBe(true);
    await gone;
    await waitFor(() => limited.node.connections() === 0, 'the abusive socket dropped');
    await limited.stop();
  });
});

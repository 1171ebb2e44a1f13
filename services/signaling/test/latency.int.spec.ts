// Relay latency and command → push latency on one node, measured from the clients' side
// (socket.io-client over loopback WebSocket, PostgreSQL store and projector in between for
// commands). Prints the percentiles; fails only when something is not delivered at all.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { type Person, openDebate } from './support/debates.ts';
import { type Stack, connect, nextMessage, postgres, request, startStack } from './support/stack.ts';

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, p50: at(0.5).toFixed(2), p95: at(0.95).toFixed(2), p99: at(0.99).toFixed(2), max: sorted.at(-1)!.toFixed(2) };
};

describe.skipIf(!postgres)('latency on one node', () => {
  let stack: Stack;
  let debateId: string;
  let alice: Person;
  let bob: Person;
  let a: Socket;
  let b: Socket;

  beforeAll(async () => {
    stack = await startStack();
    const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
    const host = await person('Host');
    [alice, bob] = await Promise.all([person('Alice'), person('Bob')]);
    debateId = await openDebate(stack.first.handler, stack.pool, host, [alice, bob]);
    [a, b] = await Promise.all([connect(stack.first.url, alice.token), connect(stack.first.url, bob.token)]);
    await request(a, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId });
    await request(b, 'C_VOICE_JOIN', { debateId, accountId: bob.accountId });
  });
  afterAll(async () => {
    a?.close();
    b?.close();
    await stack?.close();
  });

  it('relays 500 offers, each received by its peer (relay latency printed)', async () => {
    const samples: number[] = [];
    for (let i = 0; i < 500; i++) {
      const sdp = `v=0 #${i} ${'a'.repeat(2_000)}`;
      const received = nextMessage<{ sdp: string }>(b, 'S_VOICE_OFFER', (m) => m.sdp === sdp);
      const started = performance.now();
      a.emit('C_VOICE_OFFER', { debateId, fromId: alice.accountId, toId: bob.accountId, sdp }, () => undefined);
      await received;
      samples.push(performance.now() - started);
    }
    const stats = percentiles(samples);
    console.log(`relay latency (client → node → client, ms): ${JSON.stringify(stats)}`);
    expect(stats.n).toBe(500);
  }, 60_000);

  it('pushes the state of 100 commands sent over the socket (command → push latency printed)', async () => {
    await request(a, 'C_ROOM_SUBSCRIBE', { debateId });
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      const ack = await request(a, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text: `message ${i}` } });
      expect(ack.ok).toBe(true);
      await nextMessage<{ position: string }>(a, 'S_DEBATE_STATE', (m) => BigInt(m.position) >= BigInt(ack.position as string));
      samples.push(performance.now() - started);
    }
    const stats = percentiles(samples);
    console.log(`command → push latency (C_COMMAND sent → S_DEBATE_STATE received, ms): ${JSON.stringify(stats)}`);
    // The node's own histogram saw each of them once.
    expect(await stack.first.registry.metrics()).toMatch(/^booktalk_signaling_command_push_seconds_count 100$/m);
  }, 60_000);
});

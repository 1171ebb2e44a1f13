// A node whose bus went deaf for a while (a broker outage: the projector's DebateChanged were
// dropped, or came late) must not leave its clients on an old state: when the bus reports that
// delivery resumed, the node reads the followed debates again and pushes what is newer; and a
// state read for one socket is pushed to the room, not only cached, so the late DebateChanged
// of that position (then dropped as stale) does not leave the others behind.
import { randomUUID } from 'node:crypto';
import type { Bus, BusHandler, InMemoryBus } from '@booktalk/bus';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate, projected, send } from './support/debates.ts';
import { type Stack, type TestNode, connect, postgres, record, request, startStack, waitFor } from './support/stack.ts';

interface StateMessage {
  debateId: string;
  position: string;
}

/** The stack's bus as a node sees it through an outage: deaf (messages lost), holding (late), or live. */
class OutageBus implements Bus {
  mode: 'live' | 'deaf' | 'holding' = 'live';
  private held: (() => Promise<void>)[] = [];
  private readonly resumed = new Set<() => void>();

  constructor(private readonly inner: InMemoryBus) {}

  publish<T>(topic: string, key: string, message: T): Promise<void> {
    return this.inner.publish(topic, key, message);
  }

  subscribe<T>(topic: string, handler: BusHandler<T>): () => void {
    return this.inner.subscribe<T>(topic, async (message, key) => {
      if (this.mode === 'deaf') return;
      if (this.mode === 'holding') this.held.push(async () => handler(message, key));
      else await handler(message, key);
    });
  }

  onResumed(_topic: string, listener: () => void): () => void {
    this.resumed.add(listener);
    return () => this.resumed.delete(listener);
  }

  /** Live again, and says so (as KafkaBus does at its first fetch after a gap). */
  resume(): void {
    this.mode = 'live';
    for (const listener of this.resumed) listener();
  }

  /** Delivers what was held, late, in order. */
  async release(): Promise<void> {
    this.mode = 'live';
    for (const deliver of this.held.splice(0)) await deliver();
  }

  async close(): Promise<void> {}
}

describe.skipIf(!postgres)('a node whose bus missed DebateChanged', () => {
  let stack: Stack;
  let bus: OutageBus;
  let node: TestNode;
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
  const subscribed = async (who: Person, debateId: string) => {
    const socket = await connect(node.url, who.token);
    sockets.push(socket);
    const seen = record<StateMessage>(socket, 'S_DEBATE_STATE');
    expect(await request(socket, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
    return { socket, positions: () => seen.filter((m) => m.debateId === debateId).map((m) => BigInt(m.position)) };
  };
  const chat = (who: Person, debateId: string, text: string) => send(stack.first.handler, debateId, who, { type: 'PostMessage', data: { kind: 'chat', text } });

  beforeAll(async () => {
    stack = await startStack();
    bus = new OutageBus(stack.bus);
    node = await stack.startNode({ ports: { bus } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
  });

  it('given changes the bus never delivered, when it reports that delivery resumed, then every subscriber gets the newest state', async () => {
    const [host, speaker] = [await person('Host'), await person('Speaker')];
    const debateId = await openDebate(stack.first.handler, stack.pool, host, [speaker]);
    const [a, b] = [await subscribed(host, debateId), await subscribed(await person('Listener'), debateId)];

    bus.mode = 'deaf';
    await chat(speaker, debateId, 'during the outage');
    const { position } = await chat(speaker, debateId, 'still during the outage');
    await projected(stack.pool, debateId, position);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.positions().at(-1)! < position).toBe(true); // deaf indeed

    bus.resume();
    await waitFor(() => [a, b].every((s) => s.positions().at(-1) === position), `both subscribers at ${position} after the resume`, 5_000);
  });

  it('given a change projected but not yet delivered, when a new subscriber reads it first, then the others get it too (not dropped as stale later)', async () => {
    const [host, speaker] = [await person('Host'), await person('Speaker')];
    const debateId = await openDebate(stack.first.handler, stack.pool, host, [speaker]);
    const early = await subscribed(host, debateId);

    bus.mode = 'holding';
    const { position } = await chat(speaker, debateId, `late ${randomUUID()}`);
    await projected(stack.pool, debateId, position);
    const late = await subscribed(await person('Latecomer'), debateId);
    expect(late.positions().at(-1)).toBe(position);
    await bus.release();

    await waitFor(() => early.positions().at(-1) === position, `the first subscriber at ${position}`, 5_000);
  });
});

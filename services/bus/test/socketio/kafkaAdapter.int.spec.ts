// The socket.io Kafka adapter against a real broker: two socket.io servers (each its own port,
// Kafka clients and consumer group) with real socket.io-client clients, and the cluster-wide
// operations between them. A fresh topic per run, so runs never see each other's messages.
import { randomUUID } from 'node:crypto';
import { kafkaForTests, requireService } from '@booktalk/infra/testing';
import { Server } from 'socket.io';
import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger, connectClient, eventually, meshed, nextEvent, startNode, type TestNode } from './support/cluster.ts';

const broker = requireService(await kafkaForTests(), 'Kafka');

describe.skipIf(!broker)('socket.io Kafka adapter (real broker)', () => {
  const topic = `socketio-test-${randomUUID()}`;
  const logger = collectingLogger();
  let a: TestNode;
  let b: TestNode;
  const clients: ClientSocket[] = [];
  const options = () => ({ brokers: broker!.brokers, topic, logger, heartbeatInterval: 1_000, heartbeatTimeout: 10_000 });

  // Every client names the rooms to join in its handshake query and gets a name in socket.data.
  const serveRooms = (node: TestNode) =>
    node.io.on('connection', (socket) => {
      const { rooms = '', name = '' } = socket.handshake.query as Record<string, string>;
      socket.data.name = name;
      for (const room of rooms.split(',').filter(Boolean)) void socket.join(room);
    });
  const client = async (node: TestNode, name: string, rooms: string[]) => {
    const socket = await connectClient(node, { name, rooms: rooms.join(',') });
    clients.push(socket);
    return socket;
  };

  beforeAll(async () => {
    // One after the other: two nodes racing to create the topic is safe, but kafkajs logs the
    // loser's TOPIC_ALREADY_EXISTS at error level, and this suite asserts no errors were logged.
    a = await startNode('a', options());
    b = await startNode('b', options());
    serveRooms(a);
    serveRooms(b);
    await meshed([a, b]);
  }, 60_000);

  afterEach(() => {
    for (const socket of clients.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    expect(logger.errors).toEqual([]);
  }, 30_000);

  it("delivers io.to(room).emit to the room's clients on both nodes, once each, and to no one else", async () => {
    const room = `room-${randomUUID()}`;
    const [onA, onB, outsider] = await Promise.all([client(a, 'ana', [room]), client(b, 'ben', [room]), client(b, 'out', [])]);
    const seen: string[] = [];
    onA.on('news', (n: number) => seen.push(`ana:${n}`));
    onB.on('news', (n: number) => seen.push(`ben:${n}`));
    outsider.on('news', (n: number) => seen.push(`out:${n}`));

    a.io.to(room).emit('news', 1);
    b.io.to(room).emit('news', 2);
    await eventually(() => expect([...seen].sort()).toEqual(['ana:1', 'ana:2', 'ben:1', 'ben:2']));
    // A last message through the same path: anything duplicated or misrouted would be in by now.
    const done = nextEvent(onB, 'done');
    a.io.to(room).emit('done');
    await done;
    expect([...seen].sort()).toEqual(['ana:1', 'ana:2', 'ben:1', 'ben:2']);
  });

  it("fetchSockets on one node returns the room's sockets of both nodes, with their data and rooms", async () => {
    const room = `room-${randomUUID()}`;
    const [onA, onB] = await Promise.all([client(a, 'ana', [room]), client(b, 'ben', [room]), client(b, 'out', [])]);

    const sockets = await a.io.in(room).fetchSockets();
    const byName = Object.fromEntries(sockets.map((s) => [s.data.name as string, s]));
    expect(Object.keys(byName).sort()).toEqual(['ana', 'ben']);
    expect(byName.ben!.id).toBe(onB.id);
    expect(byName.ana!.id).toBe(onA.id);
    expect([...byName.ben!.rooms].sort()).toEqual([onB.id, room].sort());
  });

  it('disconnectSockets on node A disconnects a client connected to node B', async () => {
    const room = `room-${randomUUID()}`;
    const onB = await client(b, 'ben', [room]);
    const bystander = await client(b, 'bea', []);

    const reason = nextEvent<string>(onB, 'disconnect');
    a.io.in(room).disconnectSockets();
    expect(await reason).toBe('io server disconnect');
    // A packet sent after the disconnect was handled still reaches the bystander, so it was spared.
    const ping = nextEvent(bystander, 'ping');
    b.io.to(bystander.id!).emit('ping');
    await ping;
    expect(bystander.connected).toBe(true);
  });

  it('socketsJoin on node A puts a socket of node B in the room, so room emits reach it', async () => {
    const room = `room-${randomUUID()}`;
    const onB = await client(b, 'ben', []);

    a.io.in(onB.id!).socketsJoin(room);
    await eventually(async () => expect((await b.io.in(room).local.fetchSockets()).map((s) => s.id)).toEqual([onB.id]));
    const got = nextEvent<string>(onB, 'hello');
    a.io.to(room).emit('hello', 'joined from A');
    expect(await got).toBe('joined from A');
  });

  it("serverSideEmit with an ack collects the other node's answer", async () => {
    const event = `ask-${randomUUID()}`;
    b.io.on(event, (question: string, ack: (answer: unknown) => void) => ack({ from: 'b', echo: question }));

    const answers = await a.io.serverSideEmitWithAck(event, 'who is there?');
    expect(answers).toEqual([{ from: 'b', echo: 'who is there?' }]);
  });

  it('carries binary payloads to a client on the other node byte for byte', async () => {
    const room = `room-${randomUUID()}`;
    const onB = await client(b, 'ben', [room]);
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

    const received = nextEvent<{ $kind: string; nested: { blob: ArrayBuffer | Buffer; list: (ArrayBuffer | Buffer)[] } }>(onB, 'blob');
    a.io.to(room).emit('blob', { $kind: 'frame', nested: { blob: bytes, list: [new Uint8Array([7, 8, 9])] } });
    const payload = await received;
    expect(payload.$kind).toBe('frame');
    expect(Buffer.from(payload.nested.blob as ArrayBuffer).equals(bytes)).toBe(true);
    expect([...Buffer.from(payload.nested.list[0] as ArrayBuffer)]).toEqual([7, 8, 9]);
  });

  it('stops counting a node that closes cleanly as soon as its goodbye arrives, well before the heartbeat timeout', async () => {
    const c = await startNode('c', options());
    await meshed([a, b, c]);

    const closedAt = Date.now();
    await c.close();
    await eventually(async () => expect(await a.serverCount()).toBe(2), 5_000);
    expect(Date.now() - closedAt).toBeLessThan(5_000); // the timeout is 10 s
  }, 60_000);

  it('refuses a server with connectionStateRecovery, which it cannot serve, with a clear error', () => {
    expect(() => new Server({ adapter: a.adapter, connectionStateRecovery: {} })).toThrow(
      /connectionStateRecovery is not supported/,
    );
  });

  it('refuses a second Server on the same adapter factory, whose messages it would misroute', () => {
    expect(() => new Server({ adapter: a.adapter })).toThrow(/one createKafkaAdapter per Server/);
  });
});

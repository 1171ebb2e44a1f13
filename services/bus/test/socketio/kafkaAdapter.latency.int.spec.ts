// Relay latency through the Kafka adapter: a client on node A emits, A's handler relays with
// io.to(room).emit, a client receives. Closed loop (the next message leaves when the previous one
// arrived), 50 warm-up messages, then 1,000 measured; p50/p99 printed for the report. Asserted:
// every message arrives, once, in order.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { kafkaForTests, requireService } from '@booktalk/infra/testing';
import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingLogger, connectClient, meshed, startNode, type TestNode } from './support/cluster.ts';

const broker = requireService(await kafkaForTests(), 'Kafka');
const WARM_UP = 50;
const MEASURED = 1_000;

describe.skipIf(!broker)('socket.io Kafka adapter: relay latency', () => {
  const logger = collectingLogger();
  const topic = `socketio-latency-${randomUUID()}`;
  let a: TestNode;
  let b: TestNode;
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    const options = { brokers: broker!.brokers, topic, logger };
    a = await startNode('a', options);
    b = await startNode('b', options);
    await meshed([a, b]);
    for (const node of [a, b]) {
      node.io.on('connection', (socket) => {
        const { room } = socket.handshake.query as Record<string, string>;
        if (room) void socket.join(room);
        socket.on('relay', (to: string, n: number) => node.io.to(to).emit('relayed', n));
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await Promise.all([a?.close(), b?.close()]);
    expect(logger.errors).toEqual([]);
  }, 30_000);

  /** Sends WARM_UP + MEASURED relays one at a time; returns the measured latencies in ms. */
  async function measure(receiverNode: TestNode): Promise<number[]> {
    const room = `room-${randomUUID()}`;
    const sender = await connectClient(a);
    const receiver = await connectClient(receiverNode, { room });
    clients.push(sender, receiver);
    const received: number[] = [];
    const latencies: number[] = [];
    let sentAt = 0;
    let arrived: (() => void) | undefined;
    receiver.on('relayed', (n: number) => {
      received.push(n);
      if (n >= WARM_UP) latencies.push(performance.now() - sentAt);
      arrived?.();
    });
    for (let n = 0; n < WARM_UP + MEASURED; n++) {
      const next = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`relay ${n} not received within 10 s`)), 10_000);
        arrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      sentAt = performance.now();
      sender.emit('relay', room, n);
      await next;
    }
    expect(received).toEqual(Array.from({ length: WARM_UP + MEASURED }, (_, n) => n));
    return latencies;
  }

  const report = (label: string, latencies: number[]) => {
    const sorted = [...latencies].sort((x, y) => x - y);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!.toFixed(2);
    console.log(`${label}: n=${sorted.length} p50=${at(0.5)} ms p99=${at(0.99)} ms max=${at(1)} ms`);
  };

  it('relays 1,000 messages from a client on node A to a client on node B, each once and in order', { timeout: 120_000 }, async () => {
    report('cross-node relay (A → Kafka → B)', await measure(b));
  });

  it('relays 1,000 messages between two clients on node A, each once and in order (baseline)', { timeout: 120_000 }, async () => {
    report('same-node relay (A → A)', await measure(a));
  });
});

// socket.io nodes with the Kafka adapter, in this test process: each on its own HTTP port with
// its own Kafka clients and consumer group, as separate processes would be. Plus clients and a
// bounded wait for asynchronous conditions.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { createKafkaAdapter, type BusLogger, type KafkaAdapterFactory, type KafkaAdapterOptions } from '../../../src/index.ts';

export interface TestNode {
  name: string;
  io: Server;
  url: string;
  adapter: KafkaAdapterFactory;
  /** Servers this node's "/" adapter currently counts, itself included. */
  serverCount(): Promise<number>;
  close(): Promise<void>;
}

export const collectingLogger = (): BusLogger & { errors: string[] } => {
  const errors: string[] = [];
  return { errors, warn: () => {}, error: (m) => void errors.push(m) };
};

export type NodeOptions = Omit<KafkaAdapterOptions, 'nodeId' | 'kafka'> & { brokers: readonly string[] };

export async function startNode(name: string, options: NodeOptions): Promise<TestNode> {
  const adapter = await createKafkaAdapter({ maxWaitTimeInMs: 100, ...options, nodeId: `${name}-${randomUUID().slice(0, 8)}` });
  const http = createServer();
  const io = new Server(http, { adapter, transports: ['websocket'] });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  let closed = false;
  return {
    name,
    io,
    url: `http://127.0.0.1:${port}`,
    adapter,
    serverCount: () => (io.of('/').adapter as unknown as { serverCount(): Promise<number> }).serverCount(),
    close: async () => {
      if (closed) return;
      closed = true;
      await io.close(); // adapters say goodbye; closes the HTTP server too
      await adapter.close();
    },
  };
}

export async function connectClient(node: TestNode, query: Record<string, string> = {}): Promise<ClientSocket> {
  const socket = connect(node.url, { transports: ['websocket'], reconnection: false, query });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Polls until check() passes or the bound runs out (then its last error is thrown). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Both nodes count each other (their heartbeats crossed): cluster calls now wait for both. */
export async function meshed(nodes: readonly TestNode[], timeoutMs = 20_000): Promise<void> {
  await eventually(async () => {
    const counts = await Promise.all(nodes.map((n) => n.serverCount()));
    if (counts.some((c) => c !== nodes.length)) throw new Error(`server counts ${counts.join(',')}, want ${nodes.length}`);
  }, timeoutMs);
}

export function nextEvent<T>(socket: ClientSocket, event: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

// A real signaling node for tests: PostgreSQL event store and read models (fresh database per
// file), the projectors on an in-process bus, the HTTP command API and the signaling node on one
// HTTP server listening on port 0. Nodes can be added on the same database and bus.
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommandHandler, type Logger, createAuth, createCommandRouter, errorHandler, silentLogger } from '@booktalk/api';
import { InMemoryBus } from '@booktalk/bus';
import { PostgresEventStore } from '@booktalk/eventstore';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import { migrateReadModels, startProjections, tables } from '@booktalk/projector';
import express from 'express';
import pg from 'pg';
import { Registry } from 'prom-client';
import { type Socket, io as connectClient } from 'socket.io-client';
import { type SignalingConfig, type SignalingNode, type SignalingOptions, type StageOption, attachSignaling, debateStateReader } from '../../src/index.ts';

export const postgres = requireService(await postgresForTests(), 'PostgreSQL');
export const TEST_SECRET = 'signaling-test-secret-long-enough-for-hs256';

export const testConfig = (over: Partial<SignalingConfig> = {}): SignalingConfig => ({
  pingTimeoutMs: 20_000,
  pingIntervalMs: 10_000,
  maxHttpBufferSize: 1_048_576,
  rateLimit: { messagesPerSecond: 10_000, bytesPerSecond: 50_000_000 },
  voiceGraceMs: 10_000,
  ...over,
});

export interface TestNode {
  url: string;
  nodeId: string;
  node: SignalingNode;
  handler: CommandHandler;
  registry: Registry;
  server: Server;
  /** Stops the signaling node cleanly (leaves written), then the HTTP server. */
  stop(): Promise<void>;
}

export interface NodeOptions {
  config?: Partial<SignalingConfig>;
  nodeId?: string;
  logger?: Logger;
  /** Without the read model's voice sessions: no orphan sweep. */
  sweep?: boolean;
  /** Replaces the default ports (token verification by the API's demo auth, no revocation, allow all, the stack's bus). */
  ports?: Partial<Pick<SignalingOptions, 'verifyToken' | 'onSessionRevoked' | 'commandPolicy' | 'adapter' | 'bus' | 'writeBudget'>> & StageOption;
}

export interface Stack {
  pool: pg.Pool;
  store: PostgresEventStore;
  bus: InMemoryBus;
  auth: ReturnType<typeof createAuth>;
  first: TestNode;
  startNode(options?: NodeOptions): Promise<TestNode>;
  session(displayName: string): Promise<{ token: string; accountId: string }>;
  /** Events of these types in the store (all when none given). */
  countEvents(...types: string[]): Promise<number>;
  close(): Promise<void>;
}

export async function startStack(options: NodeOptions = {}): Promise<Stack> {
  const db = await createTestDatabase('signaling');
  const store = await PostgresEventStore.connect({ connectionString: db.url, pollIntervalMs: 50, retryDelayMs: 50 });
  const pool = new pg.Pool({ connectionString: db.url, max: 8 });
  await migrateReadModels(pool);
  const bus = new InMemoryBus();
  const projections = await startProjections({ pool, store, bus, logger: { info: () => undefined, error: (o, m) => console.error(m, o) } });
  const auth = createAuth({ secret: TEST_SECRET });
  const reader = debateStateReader(pool, tables.DEBATE_STATE);
  const nodes: TestNode[] = [];

  const startNode = async (o: NodeOptions = {}): Promise<TestNode> => {
    const nodeId = o.nodeId ?? `test-node-${randomUUID().slice(0, 8)}`;
    const handler = new CommandHandler({ store, node: nodeId });
    const app = express();
    app.use(createCommandRouter({ handler, store, auth }));
    app.use(errorHandler);
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
    const registry = new Registry();
    const node = attachSignaling({
      httpServer: server,
      handler,
      readState: reader.readState,
      voiceSessions: o.sweep === false ? undefined : reader.voiceSessions,
      bus,
      verifyToken: (token) => auth.verify(token),
      corsOrigins: ['http://allowed.example'],
      nodeId,
      config: testConfig(o.config),
      logger: o.logger ?? silentLogger,
      registry,
      ...o.ports,
    });
    let stopped = false;
    const testNode: TestNode = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      nodeId,
      node,
      handler,
      registry,
      server,
      async stop() {
        if (stopped) return;
        stopped = true;
        await node.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
    nodes.push(testNode);
    return testNode;
  };

  const first = await startNode(options);
  return {
    pool,
    store,
    bus,
    auth,
    first,
    startNode,
    session: (displayName) => auth.issueSession(displayName),
    async countEvents(...types) {
      const { rows } = await pool.query<{ n: string }>(
        types.length ? 'SELECT count(*) AS n FROM eventstore.events WHERE type = ANY($1)' : 'SELECT count(*) AS n FROM eventstore.events',
        types.length ? [types] : [],
      );
      return Number(rows[0]!.n);
    },
    async close() {
      for (const n of nodes) await n.stop();
      await projections.stop();
      await bus.close();
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
}

/** A connected socket.io client (websocket only), or the connect_error it got. */
export function connect(url: string, token: string | undefined, extra: { origin?: string } = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectClient(url, {
      transports: ['websocket'],
      auth: token === undefined ? {} : { token },
      reconnection: false,
      forceNew: true,
      ...(extra.origin ? { extraHeaders: { origin: extra.origin } } : {}),
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export interface Ack {
  ok: boolean;
  error?: { code: string; message: string; issues?: unknown[] };
  [key: string]: unknown;
}

/** Emits with an ack and waits for it (bounded). */
export async function request(socket: Socket, event: string, payload: unknown, timeoutMs = 5_000): Promise<Ack> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack;
}

/** Resolves with the first `event` message matching `match`, within the timeout. */
export function nextMessage<T = Record<string, unknown>>(socket: Socket, event: string, match: (m: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (m: T) => {
      if (!match(m)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(m);
    };
    socket.on(event, listener);
  });
}

/** Collects every `event` message a socket receives. */
export function record<T = Record<string, unknown>>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (m: T) => seen.push(m));
  return seen;
}

/** Polls `check` until it holds (bounded). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// @vitest-environment node
// The socket client against a real socket.io server in this process: the two ways a server
// restart used to leave a page disconnected for good (the server's own disconnect on shutdown,
// a handshake that refuses the token), and that close() means closed.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { HANDSHAKE_AUTH_REQUIRED, type RealtimeClient, connectRealtime } from '../../src/api/socket.ts';

interface TestServer {
  io: Server;
  http: HttpServer;
  /** Tokens of every handshake, in order. */
  handshakes: string[];
}

/** A socket.io server like the signaling node's handshake: only `accepted` tokens get in. */
async function serve(port: number, accepted: (token: string) => boolean | 'shutting-down'): Promise<TestServer> {
  const http = createServer();
  const io = new Server(http);
  const handshakes: string[] = [];
  io.use((socket, next) => {
    const token = String((socket.handshake.auth as { token?: unknown }).token);
    handshakes.push(token);
    const verdict = accepted(token);
    if (verdict === 'shutting-down') return next(new Error('Shutting down'));
    next(verdict ? undefined : new Error(HANDSHAKE_AUTH_REQUIRED));
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return { io, http, handshakes };
}

/** What the app does on Ctrl-C: disconnect every socket, then close. */
async function shutDown(s: TestServer): Promise<void> {
  s.io.local.disconnectSockets(true);
  await new Promise<void>((resolve) => s.io.close(() => resolve()));
}

const until = async (what: string, ok: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

let servers: TestServer[] = [];
let client: RealtimeClient | null = null;
afterEach(async () => {
  client?.close();
  client = null;
  for (const s of servers) await shutDown(s).catch(() => undefined);
  servers = [];
});

async function firstServer(accepted: (token: string) => boolean | 'shutting-down') {
  const s = await serve(0, accepted);
  servers.push(s);
  return { s, port: (s.http.address() as AddressInfo).port };
}

/** The waits inside are bounded (10 s each); a loaded 2-core machine stretches everything. */
const TEST_MS = 30_000;

describe('the socket client', () => {
  it('connects again by itself after the server disconnected it and restarted', async () => {
    const { s, port } = await firstServer(() => true);
    client = connectRealtime(() => 'token-1', { url: `http://127.0.0.1:${port}` });
    await until('the first connect', () => client!.connected);

    await shutDown(s);
    await until('the disconnect', () => !client!.connected);
    await new Promise((r) => setTimeout(r, 1_500)); // the server is down a while
    const restarted = await serve(port, () => true);
    servers.push(restarted);
    const upAt = Date.now();
    await until('the reconnect', () => client!.connected);
    const reconnectMs = Date.now() - upAt;
    console.log(`socket reconnect after the restarted server listened: ${reconnectMs} ms`);
    // The backoff is capped at 5 s; at this point in it the next try is at most ~2 s away.
    expect(reconnectMs).toBeLessThan(5_000);
  }, TEST_MS);

  it('connects again after the connection dropped without a word (the process was killed)', async () => {
    const { s, port } = await firstServer(() => true);
    client = connectRealtime(() => 't', { url: `http://127.0.0.1:${port}` });
    await until('the first connect', () => client!.connected);
    await new Promise<void>((resolve) => s.io.close(() => resolve())); // no disconnect packet: the transport just closes
    await until('the disconnect', () => !client!.connected);
    servers.push(await serve(port, () => true));
    await until('the reconnect', () => client!.connected);
  }, TEST_MS);

  it('renews a token the handshake refuses, and connects with the new one', async () => {
    let token = 'old-key-token';
    const refused: string[] = [];
    const { s, port } = await firstServer((t) => t === 'new-key-token');
    client = connectRealtime(() => token, {
      url: `http://127.0.0.1:${port}`,
      onAuthRefused: async (used) => {
        refused.push(used);
        token = 'new-key-token';
        return true;
      },
    });
    await until('the connect with the renewed token', () => client!.connected);
    expect(refused).toEqual(['old-key-token']);
    expect(s.handshakes).toEqual(['old-key-token', 'new-key-token']);
  }, TEST_MS);

  it('keeps trying with backoff while the handshake is refused for another reason', async () => {
    let attempts = 0;
    const { s, port } = await firstServer(() => (++attempts < 4 ? 'shutting-down' : true));
    const started = Date.now();
    client = connectRealtime(() => 't', { url: `http://127.0.0.1:${port}`, random: () => 0 });
    await until('the connect once the node takes connections', () => client!.connected);
    const elapsed = Date.now() - started;
    expect(s.handshakes).toHaveLength(4);
    // Without jitter: 0.5 s, 1 s, 2 s between the tries.
    expect(elapsed).toBeGreaterThanOrEqual(3_400);
    expect(elapsed).toBeLessThan(9_000); // (room for a slow handshake on a loaded machine)
  }, TEST_MS);

  it('does not connect again after the server said another connection replaced it (no tug of war between two tabs)', async () => {
    const { s, port } = await firstServer(() => true);
    // The signaling node's takeover (takeover.ts): tell the older socket why, then disconnect it.
    s.io.on('connection', (socket) => {
      setTimeout(() => {
        socket.emit('S_SESSION_REPLACED', { accountId: 'a1', reason: 'replaced' });
        socket.disconnect(true);
      }, 50);
    });
    client = connectRealtime(() => 't', { url: `http://127.0.0.1:${port}`, random: () => 0 });
    await until('the first connect', () => client!.connected);
    await until('the disconnect', () => !client!.connected);
    await new Promise((r) => setTimeout(r, 1_500)); // three times the first backoff step
    expect(s.handshakes).toHaveLength(1);
  }, TEST_MS);

  it('stays closed after close(), whatever the server does', async () => {
    const { s, port } = await firstServer(() => true);
    client = connectRealtime(() => 't', { url: `http://127.0.0.1:${port}` });
    await until('the first connect', () => client!.connected);
    client.close();
    await shutDown(s);
    servers = [await serve(port, () => true)];
    await new Promise((r) => setTimeout(r, 1_500));
    expect(servers[0]!.handshakes).toEqual([]);
  }, TEST_MS);
});

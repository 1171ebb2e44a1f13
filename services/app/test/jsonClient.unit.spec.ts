// The load generator's HTTP client sends a request once more when a reused keep-alive socket turns
// out to be closed by the server (the keep-alive race the projector fault test once hit), and
// only then: a reset on a fresh socket, or after the answer began, is the caller's error.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonClient } from '../bench/support/http.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that answers `afterRequests` requests on a connection and resets it at the next one. */
async function serverResetting(afterRequests: number): Promise<{ url: string; seen: () => number }> {
  let seen = 0;
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    seen++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    if (n > afterRequests) {
      req.socket.destroy();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ n }));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen };
}

describe('JsonClient', () => {
  it('given a reused socket the server resets, when a request is sent, then it is sent again on a fresh socket', async () => {
    const { url, seen } = await serverResetting(1);
    const client = new JsonClient(url, 1);
    try {
      expect((await client.request('POST', '/x', { a: 1 })).body).toEqual({ n: 1 });
      const second = await client.request('POST', '/x', { a: 2 });
      expect(second.body).toEqual({ n: 1 }); // first request of the fresh connection
      expect(client.resent).toBe(1);
      expect(seen()).toBe(3);
    } finally {
      client.close();
    }
  });

  it('given a fresh socket the server resets, when a request is sent, then the error reaches the caller', async () => {
    const { url, seen } = await serverResetting(0);
    const client = new JsonClient(url, 1);
    try {
      await expect(client.request('POST', '/x', { a: 1 })).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(client.resent).toBe(0);
      expect(seen()).toBe(1);
    } finally {
      client.close();
    }
  });
});

// A keep-alive HTTP/1.1 JSON client on node:http (cheaper per request than fetch, so the load
// generator is not what limits a run) and the few BookTalk calls the benchmarks need.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

/** A reused keep-alive socket the server had already closed; request() sends once more. */
class StaleSocketError extends Error {
  constructor(override readonly cause: NodeJS.ErrnoException) {
    super(`reused keep-alive socket was closed by the server (${cause.code})`);
  }
}

export class JsonClient {
  readonly agent: http.Agent;
  private readonly url: URL;
  constructor(base: string, maxSockets = 256) {
    this.url = new URL(base);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /**
   * Requests sent again because the server closed an idle keep-alive socket just as it was
   * reused (see request()); the fault tests print it.
   */
  resent = 0;

  /**
   * One request. When a reused keep-alive socket turns out to be closed by the server before any
   * byte of the answer came back (the server's idle timeout and the reuse crossed on the wire: a
   * known race of HTTP/1.1 keep-alive, nodejs/node#47130), it is sent once more on a fresh
   * socket, as browsers do and as node's http docs advise (`req.reusedSocket`). That is safe for
   * BookTalk's commands: each carries a commandId and a repeated id is answered, not applied twice.
   */
  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<Reply<T>> {
    try {
      return await this.once<T>(method, path, body, token);
    } catch (e) {
      if (!(e instanceof StaleSocketError)) throw e;
      this.resent++;
      return this.once<T>(method, path, body, token);
    }
  }

  private once<T>(method: string, path: string, body?: unknown, token?: string): Promise<Reply<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              // not JSON (e.g. /metrics): keep the text
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed as T });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && !answered && (e.code === 'ECONNRESET' || e.code === 'EPIPE');
        reject(stale ? new StaleSocketError(e) : e);
      });
      req.end(payload);
    });
  }

  /** The JSON body of a 2xx answer; anything else throws with status and body. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const r = await this.request<T>(method, path, body, token);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Session {
  token: string;
  accountId: string;
  displayName: string;
}

export async function signUp(client: JsonClient, name: string): Promise<Session> {
  const username = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-${randomUUID().slice(0, 8)}`;
  const r = await client.ok<{ token: string; accountId: string }>('POST', '/api/accounts', { username, displayName: name, password: 'bench-password-long-enough' });
  return { token: r.token, accountId: r.accountId, displayName: name };
}

export async function guest(client: JsonClient, name: string): Promise<Session> {
  const r = await client.ok<{ token: string; accountId: string }>('POST', '/api/session', { displayName: name });
  return { token: r.token, accountId: r.accountId, displayName: name };
}

export const command = (client: JsonClient, token: string, debateId: string, type: string, data: unknown = {}) =>
  client.ok<{ position: string; version: number }>('POST', `/api/debates/${debateId}/commands`, { commandId: randomUUID(), type, data }, token);

export async function createDebate(client: JsonClient, host: Session, title: string, format: 'free' | 'oxford' = 'free'): Promise<string> {
  const r = await client.ok<{ debateId: string }>(
    'POST',
    '/api/debates',
    { commandId: randomUUID(), title, book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format, maxMembers: 500 },
    host.token,
  );
  return r.debateId;
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

// The HTTP edge of the whole app: unknown methods, the per-client rate limit, and the OpenAPI
// document listing every status the one error handler can give each route.
import { createHash, randomUUID } from 'node:crypto';
import { errorStatuses, routeErrorStatuses, toHttpError } from '@booktalk/api';
import { domainErrorKinds, DomainError } from '@booktalk/domain';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type RunningApp, startEmbeddedApp } from '../src/embeddedApp.ts';

const pgAvailable = requireService(await postgresForTests(), 'PostgreSQL');
const LIMIT = 40;

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

describe.skipIf(!pgAvailable)('the HTTP edge', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let doc: Doc;
  beforeAll(async () => {
    db = await createTestDatabase('edges');
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', BOOKTALK_NODE_ID: 'edges', LOG_LEVEL: 'silent', BOOKTALK_WEB: 'off', BOOKTALK_RATE_LIMIT: String(LIMIT) });
    app = await startEmbeddedApp(config, pino({ level: 'silent' }));
    doc = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as Doc;
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('answers a method a known path does not serve with 405 and the Allow header', async () => {
    const res = await fetch(`${app.url}/api/debates`, { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers TRACE with 405 too, not 404', async () => {
    const res = await fetch(`${app.url}/api/debates/abc/timeline`, { method: 'TRACE' }).catch(() => null);
    // fetch refuses to send TRACE; a raw request does.
    if (res) expect(res.status).toBe(405);
    const raw = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(`${app.url}/api/debates/abc/timeline`, { method: 'TRACE' }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(raw).toBe(405);
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const res = await fetch(`${app.url}/api/debates/abc/votes`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('documents, for every route, every status the error handler can give it', () => {
    // The statuses the handler maps to: domain refusals by kind, and the HTTP errors of the catalogue.
    const codes = Object.keys(domainErrorKinds) as (keyof typeof domainErrorKinds)[];
    const domain = new Set(codes.map((code) => toHttpError(new DomainError(code, 'x')).status));
    const commands = doc.paths['/api/debates/{debateId}/commands']!.post!;
    for (const status of domain) expect(Object.keys(commands.responses), `commands route: ${status}`).toContain(String(status));
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (path.startsWith('/health')) continue;
      for (const [method, op] of Object.entries(operations)) {
        for (const status of [400, 429, 500, 503]) expect(Object.keys(op.responses), `${method} ${path}: ${status}`).toContain(String(status));
        if (method !== 'get' && method !== 'delete') expect(Object.keys(op.responses), `${method} ${path}: 413`).toContain('413');
      }
    }
    expect(routeErrorStatuses({ command: true }).every((s) => s in errorStatuses)).toBe(true);
  });

  it('documents the statuses a route really answers (a bad id, a bad query, a body over 1 MB)', async () => {
    const cases: [string, RequestInit, string, string][] = [
      ['/api/debates/bad%20id', {}, '/api/debates/{id}', 'get'],
      ['/api/debates?limit=0', {}, '/api/debates', 'get'],
      ['/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'x'.repeat(1_100_000) }) }, '/api/session', 'post'],
      ['/api/debates/nope123/timeline', {}, '/api/debates/{id}/timeline', 'get'],
    ];
    for (const [url, init, path, method] of cases) {
      const res = await fetch(`${app.url}${url}`, init);
      expect(Object.keys(doc.paths[path]![method]!.responses), `${method} ${url} answered ${res.status}`).toContain(String(res.status));
    }
  });

  it('limits requests per client with 429 RATE_LIMITED and Retry-After', async () => {
    const lobby = () => fetch(`${app.url}/api/debates?limit=1`, { headers: { 'x-test': randomUUID() } });
    let limited: Response | null = null;
    for (let i = 0; i < LIMIT + 5 && !limited; i++) {
      const res = await lobby();
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited, `no 429 within ${LIMIT + 5} requests`).not.toBeNull();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // /health is not behind the limit: a probe must not be refused because a client is noisy.
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('sends a Content-Security-Policy, X-Frame-Options and Referrer-Policy with every answer', async () => {
    // Issue 19: the HTML was served without any of them.
    for (const path of ['/', '/api/debates', '/health', '/no-such-page']) {
      const res = await fetch(`${app.url}${path}`);
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      // Plain HTTP on localhost: no HSTS from the app (the TLS terminator sends it).
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
    // The landing page's one inline style is allowed by its hash, nothing else inline.
    const landing = await fetch(`${app.url}/`);
    const html = await landing.text();
    const css = /<style>([^<]*)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(css).digest('base64');
    expect(landing.headers.get('content-security-policy')).toContain(`style-src 'self' 'sha256-${hash}'`);
  });

  it('trusts no X-Forwarded-For by default: a header that changes with every request is still one client', async () => {
    // Issue 19: loopback was trusted, so a rotating header made every request a new address and
    // defeated the per-address limits (sign-in included).
    const fresh = await startEmbeddedApp(
      loadConfig({ DATABASE_URL: db.url, PORT: '0', BOOKTALK_NODE_ID: 'edges-xff', LOG_LEVEL: 'silent', BOOKTALK_WEB: 'off', BOOKTALK_RATE_LIMIT: String(LIMIT) }),
      pino({ level: 'silent' }),
    );
    try {
      expect(await requestsUntilLimited(fresh.url, rotatingForwardedFor)).toBeLessThanOrEqual(LIMIT + 1);
    } finally {
      await fresh.stop();
    }
  });

  it('takes the client address from X-Forwarded-For when BOOKTALK_TRUST_PROXY names the proxy', async () => {
    const behindProxy = await startEmbeddedApp(
      loadConfig({ DATABASE_URL: db.url, PORT: '0', BOOKTALK_NODE_ID: 'edges-proxy', LOG_LEVEL: 'silent', BOOKTALK_WEB: 'off', BOOKTALK_RATE_LIMIT: String(LIMIT), BOOKTALK_TRUST_PROXY: 'loopback' }),
      pino({ level: 'silent' }),
    );
    try {
      // Each forwarded address is its own client: no 429 for LIMIT + 5 requests of different clients…
      expect(await requestsUntilLimited(behindProxy.url, rotatingForwardedFor)).toBeNull();
      // …while one forwarded address is limited like any client.
      expect(await requestsUntilLimited(behindProxy.url, () => ({ 'x-forwarded-for': '203.0.113.7' }))).toBeLessThanOrEqual(LIMIT + 1);
    } finally {
      await behindProxy.stop();
    }
  });
});

describe.skipIf(!pgAvailable)('a client refreshing in a loop', () => {
  it('runs out of refreshes for its session only: its other requests and other sessions carry on', async () => {
    // Issue 19: a page with a 30 s token sent 125 refreshes in 5 s, hit the per-client limit, and
    // then every request failed.
    const db = await createTestDatabase('edges_refresh');
    const app = await startEmbeddedApp(
      loadConfig({ DATABASE_URL: db.url, PORT: '0', BOOKTALK_NODE_ID: 'edges-refresh', LOG_LEVEL: 'silent', BOOKTALK_WEB: 'off', BOOKTALK_RATE_LIMIT: String(LIMIT) }),
      pino({ level: 'silent' }),
    );
    try {
      const post = async (path: string, body: unknown, token?: string) => {
        const res = await fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as Record<string, string> };
      };
      const session = (await post('/api/session', { displayName: 'Looping' })).body;
      const statuses = new Map<number, number>();
      for (let i = 0; i < LIMIT + 10; i++) {
        // The loop sends its access token along, as the web client does: the account's budget is what it used to drain.
        const r = await post('/api/session/refresh', { refreshToken: session.refreshToken }, session.token);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
      expect(statuses.get(429)).toBeGreaterThan(0);
      const lobby = await fetch(`${app.url}/api/debates?limit=1`, { headers: { authorization: `Bearer ${session.token}` } });
      expect(lobby.status).toBe(200);
      const other = (await post('/api/session', { displayName: 'Neighbour' })).body;
      expect((await post('/api/session/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});

let forwarded = 0;
/** A different client address in every request's X-Forwarded-For (documentation range 198.51.100.0/24 and beyond). */
const rotatingForwardedFor = () => ({ 'x-forwarded-for': `198.51.${100 + Math.floor(++forwarded / 250)}.${forwarded % 250}` });

/** How many lobby requests until the first 429 (null: none within LIMIT + 5). */
async function requestsUntilLimited(url: string, headers: () => Record<string, string>): Promise<number | null> {
  for (let i = 1; i <= LIMIT + 5; i++) {
    const res = await fetch(`${url}/api/debates?limit=1`, { headers: headers() });
    await res.arrayBuffer();
    if (res.status === 429) return i;
  }
  return null;
}

// The access token's renewal through the session store and the app's API client, against a
// scripted server (fetch stubbed) and fake timers: how often it refreshes for a given lifetime,
// that concurrent 401s share one refresh, that a refused refresh ends the session and a 429 is
// told with its retry time.
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../src/api/client.ts';
import { MIN_REFRESH_GAP_MS } from '../../src/api/sessionRefresh.ts';
import { useNoticesStore } from '../../src/stores/notices.ts';
import { useSessionStore } from '../../src/stores/session.ts';

const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const VIEW = { items: [], next: null };

interface ScriptedServer {
  /** Times (ms, fake clock) of every POST /api/session/refresh. */
  refreshes: number[];
  /** Requests other than the session routes, with the token they carried. */
  reads: string[];
  /** The server's clock minus the browser's. */
  skewMs: number;
  /** What the next refreshes answer instead of a new pair. */
  refuseRefresh: null | { status: number; body: unknown; headers?: Record<string, string> };
  /** Tokens the server no longer accepts (e.g. signed with the key of before a restart). */
  rejected: Set<string>;
  issue(): { ok: true; token: string; accountId: string; displayName: string; kind: 'account'; refreshToken: string };
}

let serial = 0;
function scriptedServer(lifetimeS: number): ScriptedServer {
  const server: ScriptedServer = {
    refreshes: [],
    reads: [],
    skewMs: 0,
    refuseRefresh: null,
    rejected: new Set(),
    issue() {
      const iat = Math.floor((Date.now() + server.skewMs) / 1000);
      serial++;
      return { ok: true, token: `h.${b64url({ sub: 'a1', iat, exp: iat + lifetimeS, n: serial })}.s`, accountId: 'a1', displayName: 'Ada', kind: 'account', refreshToken: `sid1.r${serial}` };
    },
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers });
      if (url === '/api/session/refresh') {
        server.refreshes.push(Date.now());
        if (server.refuseRefresh) return json(server.refuseRefresh.status, server.refuseRefresh.body, server.refuseRefresh.headers);
        return json(200, server.issue());
      }
      if (url === '/api/session') return json(200, server.issue());
      const token = ((init.headers as Record<string, string>).authorization ?? '').replace(/^Bearer /, '');
      server.reads.push(token);
      const exp = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number };
      if (server.rejected.has(token) || exp.exp * 1000 <= Date.now() + server.skewMs) {
        return json(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Invalid, expired or signed-out session token' } });
      }
      return json(200, VIEW);
    }),
  );
  return server;
}

const debateView = () => api.listDebates().catch((e: unknown) => e);
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the session token’s renewal', () => {
  it('with a 120 s lifetime renews 6 to 10 times in 10 minutes, each at 50–75 % of the lifetime', async () => {
    const server = scriptedServer(120);
    const start = Date.now();
    await useSessionStore().signIn('ada', 'a long password');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.refreshes.length).toBeGreaterThanOrEqual(6);
    expect(server.refreshes.length).toBeLessThanOrEqual(10);
    for (const gap of gaps([start, ...server.refreshes])) {
      expect(gap).toBeGreaterThanOrEqual(60_000);
      expect(gap).toBeLessThanOrEqual(90_000);
    }
  });

  it.each([30, 60])('with a %i s lifetime renews at most once per half lifetime, never in a loop', async (lifetime) => {
    // The old rule (a minute before expiry) refreshed at once for any lifetime up to a minute,
    // and again at once with each new token: 125 refreshes in 5 s, then 429s.
    const server = scriptedServer(lifetime);
    const start = Date.now();
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.refreshes.length).toBeLessThanOrEqual(Math.ceil(600 / (lifetime / 2)));
    expect(server.refreshes.length).toBeGreaterThanOrEqual(Math.floor(600 / (lifetime * 0.75)));
    expect(Math.min(...gaps([start, ...server.refreshes]))).toBeGreaterThanOrEqual(lifetime * 500);
    // And the token in hand is always a live one.
    expect(await debateView()).toEqual(VIEW);
    expect(session.signedIn).toBe(true);
  });

  it('does not refresh in a loop when the browser’s clock runs 10 minutes ahead of the server’s', async () => {
    const server = scriptedServer(15 * 60);
    server.skewMs = -10 * 60_000;
    await useSessionStore().signIn('ada', 'a long password');
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    // 15-minute tokens renewed every 7.5–11.25 minutes: 2 to 4 in half an hour.
    expect(server.refreshes.length).toBeGreaterThanOrEqual(2);
    expect(server.refreshes.length).toBeLessThanOrEqual(4);
  });

  it('sends 20 requests refused with 401 at once through one refresh, then each again with the new token', async () => {
    const server = scriptedServer(15 * 60);
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    const old = session.session!.token;
    server.rejected.add(old); // e.g. the server restarted with another key
    const results = await Promise.all(Array.from({ length: 20 }, debateView));
    expect(server.refreshes).toHaveLength(1);
    expect(results).toEqual(Array.from({ length: 20 }, () => VIEW));
    const fresh = session.session!.token;
    expect(fresh).not.toBe(old);
    expect(server.reads.filter((t) => t === old)).toHaveLength(20);
    expect(server.reads.filter((t) => t === fresh)).toHaveLength(20);
  });

  it('refreshes at most once per window: a 401 on the token just renewed waits for the window to pass', async () => {
    const server = scriptedServer(15 * 60);
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    server.rejected.add(session.session!.token);
    await debateView();
    expect(server.refreshes).toHaveLength(1);
    server.rejected.add(session.session!.token); // the renewed one is refused as well
    const again = Promise.all([debateView(), debateView(), debateView()]);
    await vi.advanceTimersByTimeAsync(MIN_REFRESH_GAP_MS - 100);
    expect(server.refreshes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(await again).toEqual([VIEW, VIEW, VIEW]);
    expect(server.refreshes).toHaveLength(2);
    expect(server.refreshes[1]! - server.refreshes[0]!).toBeGreaterThanOrEqual(MIN_REFRESH_GAP_MS);
  });

  it('takes the pair another tab of the session stored instead of spending its own refresh token', async () => {
    // The server ends the whole session when a refresh token comes back after it was exchanged.
    const server = scriptedServer(15 * 60);
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    const stored = (pair: ReturnType<ScriptedServer['issue']>) =>
      localStorage.setItem('booktalk.session', JSON.stringify({ token: pair.token, accountId: pair.accountId, displayName: pair.displayName, kind: 'account', refreshToken: pair.refreshToken }));
    // Another tab renewed it (and its timer fired first): its pair is in the shared storage.
    const otherTab = server.issue();
    stored(otherTab);
    server.rejected.add(session.session!.token);
    expect(await debateView()).toEqual(VIEW);
    expect(server.refreshes).toHaveLength(0);
    expect(session.session).toMatchObject({ token: otherTab.token, refreshToken: otherTab.refreshToken });
    // And when the browser says the stored pair changed, this tab takes it at once.
    const again = server.issue();
    stored(again);
    window.dispatchEvent(new StorageEvent('storage', { key: 'booktalk.session' }));
    expect(session.session).toMatchObject({ token: again.token, refreshToken: again.refreshToken });
    expect(server.refreshes).toHaveLength(0);
  });

  it('ends the session when the refresh is refused: not signed in, told so, and marked for the sign-in page', async () => {
    const server = scriptedServer(15 * 60);
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    server.rejected.add(session.session!.token);
    server.refuseRefresh = { status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Invalid, expired or signed-out session token' } } };
    const results = await Promise.all([debateView(), debateView()]);
    expect(results).toEqual([expect.objectContaining({ code: 'SESSION_ENDED', status: 401 }), expect.objectContaining({ code: 'SESSION_ENDED' })]);
    expect(server.refreshes).toHaveLength(1);
    expect(session.signedIn).toBe(false);
    expect(localStorage.getItem('booktalk.session')).toBeNull();
    expect(session.ended).toEqual({ at: expect.any(Number), kind: 'account' });
    expect(useNoticesStore().notices).toEqual([expect.objectContaining({ code: 'SESSION_ENDED', tone: 'error' })]);
    // Nothing more is tried for a session that is over.
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(server.refreshes).toHaveLength(1);
    // Signing in again clears it.
    server.refuseRefresh = null;
    await session.signIn('ada', 'a long password');
    expect(session.ended).toBeNull();
    expect(useNoticesStore().notices).toEqual([]);
  });

  it('shows a 429 on refresh with its retry time, sends nothing until then, and renews after it', async () => {
    const server = scriptedServer(15 * 60);
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    server.rejected.add(session.session!.token);
    server.refuseRefresh = { status: 429, body: { ok: false, error: { code: 'RATE_LIMITED', message: 'Too many requests' } }, headers: { 'Retry-After': '42' } };
    const first = await debateView();
    expect(first).toMatchObject({ code: 'REFRESH_RATE_LIMITED', status: 429, retryAfterSeconds: 42 });
    expect(useNoticesStore().notices).toEqual([expect.objectContaining({ code: 'REFRESH_RATE_LIMITED', params: { n: 42 } })]);
    // Every action meanwhile says the same, and no refresh is sent.
    const meanwhile = await Promise.all(Array.from({ length: 10 }, debateView));
    for (const r of meanwhile) expect(r).toMatchObject({ code: 'REFRESH_RATE_LIMITED' });
    await vi.advanceTimersByTimeAsync(41_000);
    expect(server.refreshes).toHaveLength(1);
    server.refuseRefresh = null;
    await vi.advanceTimersByTimeAsync(2_100);
    expect(server.refreshes).toHaveLength(2);
    expect(await debateView()).toEqual(VIEW);
    expect(session.signedIn).toBe(true);
  });
});

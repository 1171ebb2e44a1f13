// The realtime store over a scripted socket client: a renewed token keeps the connection (the
// next handshake reads it), a refused handshake goes through the session's renewal, a revoked
// session ends, and signing out closes the socket.
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { RealtimeOptions } from '../../src/api/socket.ts';

interface FakeClient {
  token: () => string | null;
  options: RealtimeOptions;
  handlers: Map<string, (p: unknown) => void>;
  closed: boolean;
}
const clients: FakeClient[] = [];
vi.mock('../../src/api/socket.ts', () => ({
  HANDSHAKE_AUTH_REQUIRED: 'Authentication required',
  connectRealtime: (token: () => string | null, options: RealtimeOptions) => {
    const c: FakeClient = { token, options, handlers: new Map(), closed: false };
    clients.push(c);
    return {
      on: (event: string, handler: (p: unknown) => void) => {
        c.handlers.set(event, handler);
        return () => c.handlers.delete(event);
      },
      onConnection: () => () => undefined,
      emit: async () => ({ ok: true }),
      connected: true,
      close: () => (c.closed = true),
    };
  },
}));
const { useRealtimeStore } = await import('../../src/stores/realtime.ts');
const { useSessionStore } = await import('../../src/stores/session.ts');

const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '');
let n = 0;
const pair = () => {
  const iat = Math.floor(Date.now() / 1000);
  n++;
  return { ok: true, token: `h.${b64url({ sub: 'a1', iat, exp: iat + 900, n })}.s`, accountId: 'a1', displayName: 'Ada', kind: 'account', refreshToken: `sid1.r${n}` };
};

beforeEach(() => {
  clients.length = 0;
  localStorage.clear();
  setActivePinia(createPinia());
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => (url === '/api/session/refresh' || url === '/api/session' ? new Response(JSON.stringify(pair())) : new Response('{}', { status: 404 }))),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('the realtime store', () => {
  it('keeps its socket when the token is renewed; the next handshake carries the new token', async () => {
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    const realtime = useRealtimeStore();
    realtime.ensure();
    const before = session.session!.token;
    expect(clients[0]!.token()).toBe(before);
    await session.refresh();
    await nextTick();
    expect(clients).toHaveLength(1);
    expect(clients[0]!.closed).toBe(false);
    expect(clients[0]!.token()).toBe(session.session!.token);
    expect(session.session!.token).not.toBe(before);
  });

  it('renews the token the handshake refused through the session (one refresh)', async () => {
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    useRealtimeStore().ensure();
    const refused = session.session!.token;
    await expect(clients[0]!.options.onAuthRefused!(refused)).resolves.toBe(true);
    expect(session.session!.token).not.toBe(refused);
    expect(vi.mocked(fetch).mock.calls.filter(([url]) => url === '/api/session/refresh')).toHaveLength(1);
  });

  it('ends the session when the server revokes it, and closes the socket', async () => {
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    const realtime = useRealtimeStore();
    realtime.ensure();
    clients[0]!.handlers.get('S_SESSION_REVOKED')!({ reason: 'revoked' });
    expect(session.signedIn).toBe(false);
    expect(session.ended).toMatchObject({ kind: 'account' });
    expect(clients[0]!.closed).toBe(true);
    expect(realtime.client).toBeNull();
  });

  it('stops when another tab takes the connection over, opens none by itself, and takes it back when asked', async () => {
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    const realtime = useRealtimeStore();
    realtime.ensure();
    clients[0]!.handlers.get('S_SESSION_REPLACED')!({ accountId: 'a1', reason: 'replaced' });
    expect(realtime.replaced).toBe(true);
    expect(clients[0]!.closed).toBe(true);
    // Whatever asks for the socket now (the room re-subscribing, voice) gets none: a new one would take it back.
    expect(realtime.ensure()).toBeNull();
    expect(clients).toHaveLength(1);
    expect(realtime.takeBack()).not.toBeNull();
    expect(clients).toHaveLength(2);
    expect(realtime.replaced).toBe(false);
    expect(session.signedIn).toBe(true);
  });

  it('closes the socket on sign-out without calling it an ended session', async () => {
    const session = useSessionStore();
    await session.signIn('ada', 'a long password');
    const realtime = useRealtimeStore();
    realtime.ensure();
    await session.signOut();
    await nextTick();
    expect(clients[0]!.closed).toBe(true);
    expect(session.ended).toBeNull();
  });
});

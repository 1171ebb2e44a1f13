import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from '../../src/stores/session.ts';

const jwt = (exp: number) => `h.${btoa(JSON.stringify({ sub: 'a1', exp })).replace(/=+$/, '')}.s`;
const reply = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status }));

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('session store', () => {
  it('keeps a guest session across a reload', async () => {
    const token = jwt(Math.floor(Date.now() / 1000) + 3600);
    vi.stubGlobal('fetch', reply(200, { ok: true, token, accountId: 'a1', displayName: 'Ada' }));
    await useSessionStore().continueAsGuest('Ada');

    setActivePinia(createPinia()); // what a reload does to in-memory state
    const reloaded = useSessionStore();
    expect(reloaded.session).toEqual({ token, accountId: 'a1', displayName: 'Ada', kind: 'guest' });
  });

  it('marks a password sign-in as an account session', async () => {
    vi.stubGlobal('fetch', reply(200, { ok: true, token: jwt(Math.floor(Date.now() / 1000) + 60), accountId: 'a2', displayName: 'Mina' }));
    const s = useSessionStore();
    await s.signIn('mina', 'secret-pass');
    expect(s.isGuest).toBe(false);
  });

  it('drops a stored session whose token has expired', () => {
    localStorage.setItem('booktalk.session', JSON.stringify({ token: jwt(Math.floor(Date.now() / 1000) - 1), accountId: 'a1', displayName: 'Ada', kind: 'guest' }));
    expect(useSessionStore().signedIn).toBe(false);
  });

  it('ends the local session on sign-out even when the server call fails', async () => {
    vi.stubGlobal('fetch', reply(200, { ok: true, token: jwt(Math.floor(Date.now() / 1000) + 60), accountId: 'a1', displayName: 'Ada' }));
    const s = useSessionStore();
    await s.continueAsGuest('Ada');
    vi.stubGlobal('fetch', reply(404, { ok: false, error: { code: 'NOT_FOUND', message: 'no route' } }));
    await s.signOut();
    expect(s.signedIn).toBe(false);
    expect(localStorage.getItem('booktalk.session')).toBeNull();
  });

  it('keeps nothing when sign-in is refused, and rethrows the server error', async () => {
    vi.stubGlobal('fetch', reply(401, { ok: false, error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } }));
    const s = useSessionStore();
    await expect(s.signIn('mina', 'nope')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(s.signedIn).toBe(false);
  });
});

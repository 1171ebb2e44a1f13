// Who is signed in: a guest (display name only) or an account. Kept in localStorage so the
// session survives a reload; a token past its expiry is dropped on load.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, setTokenSource } from '../api/client.ts';
import type { SessionResponse } from '../api/schemas.ts';

const STORAGE_KEY = 'booktalk.session';

export interface Session {
  token: string;
  accountId: string;
  displayName: string;
  kind: 'guest' | 'account';
  refreshToken?: string;
}

/** Seconds-since-epoch expiry of a JWT, read without verifying it (the server does that). */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}

function load(now: number): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token !== 'string' || typeof s.accountId !== 'string' || typeof s.displayName !== 'string') return null;
    const exp = tokenExpiry(s.token);
    // An expired token with a refresh token is kept: the store refreshes it on start.
    if (exp !== null && exp * 1000 <= now && typeof s.refreshToken !== 'string') return null;
    return {
      token: s.token,
      accountId: s.accountId,
      displayName: s.displayName,
      kind: s.kind === 'account' ? 'account' : 'guest',
      ...(typeof s.refreshToken === 'string' ? { refreshToken: s.refreshToken } : {}),
    };
  } catch {
    return null;
  }
}

export const useSessionStore = defineStore('session', () => {
  const session = ref<Session | null>(load(Date.now()));
  setTokenSource(() => session.value?.token ?? null);

  const signedIn = computed(() => session.value !== null);
  const isGuest = computed(() => session.value?.kind === 'guest');
  const accountId = computed(() => session.value?.accountId ?? null);
  const displayName = computed(() => session.value?.displayName ?? '');

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function set(res: SessionResponse, kind: Session['kind']): void {
    session.value = {
      token: res.token,
      accountId: res.accountId,
      displayName: res.displayName,
      kind: res.kind ?? kind,
      ...(res.refreshToken ? { refreshToken: res.refreshToken } : {}),
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session.value));
    scheduleRefresh();
  }
  function clear(): void {
    clearTimeout(refreshTimer);
    session.value = null;
    localStorage.removeItem(STORAGE_KEY);
  }

  /** Trades the refresh token for a new pair; a refused refresh ends the session. */
  async function refresh(): Promise<void> {
    const current = session.value;
    if (!current?.refreshToken) return;
    try {
      set(await api.refresh(current.refreshToken), current.kind);
    } catch (e) {
      if ((e as { status?: number }).status === 401) clear();
    }
  }
  function scheduleRefresh(): void {
    clearTimeout(refreshTimer);
    const current = session.value;
    const exp = current?.refreshToken ? tokenExpiry(current.token) : null;
    if (exp === null) return;
    // A minute before expiry (at once when already past it); timers cap near 24.8 days.
    const inMs = Math.min(Math.max(0, exp * 1000 - Date.now() - 60_000), 2 ** 31 - 1);
    refreshTimer = setTimeout(() => void refresh(), inMs);
  }
  scheduleRefresh();

  async function continueAsGuest(name: string): Promise<void> {
    set(await api.guestSession(name), 'guest');
  }
  async function signIn(username: string, password: string): Promise<void> {
    set(await api.signIn(username, password), 'account');
  }
  async function signUp(username: string, name: string, password: string): Promise<void> {
    set(await api.signUp(username, name, password), 'account');
  }
  async function signOut(): Promise<void> {
    // The local session ends whatever the server says (it may not know the route yet, or be down).
    await api.signOut().catch(() => undefined);
    clear();
  }

  return { session, signedIn, isGuest, accountId, displayName, continueAsGuest, signIn, signUp, signOut, refresh, clear };
});

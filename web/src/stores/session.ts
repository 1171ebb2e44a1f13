// Who is signed in: a guest (display name only) or an account. Kept in localStorage so the
// session survives a reload; a token past its expiry is dropped on load. The access token is
// renewed by SessionRefresh (on a timer, and when a request or the socket's handshake is refused);
// when the server refuses the renewal the session has ended: it is cleared, the person is told,
// and `ended` tells the app to take them to sign-in.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, setTokenSource, setUnauthorizedHandler } from '../api/client.ts';
import type { SessionResponse } from '../api/schemas.ts';
import { SessionRefresh, tokenTimes } from '../api/sessionRefresh.ts';
import { useNoticesStore } from './notices.ts';

const STORAGE_KEY = 'booktalk.session';

export interface Session {
  token: string;
  accountId: string;
  displayName: string;
  kind: 'guest' | 'account';
  refreshToken?: string;
}

/** Seconds-since-epoch expiry of a JWT, read without verifying it (the server does that). */
export const tokenExpiry = (token: string): number | null => tokenTimes(token)?.exp ?? null;

/** The session a refresh token belongs to (`<sessionId>.<secret>`). */
const sessionIdOf = (refreshToken: string): string => refreshToken.slice(0, refreshToken.indexOf('.'));

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
  /** The server ended the session (not the person signing out): when, and what kind it was. */
  const ended = ref<{ at: number; kind: Session['kind'] } | null>(null);
  const notices = useNoticesStore();
  let endedNotice: number | null = null;
  let signingOut = false;

  const signedIn = computed(() => session.value !== null);
  const isGuest = computed(() => session.value?.kind === 'guest');
  const accountId = computed(() => session.value?.accountId ?? null);
  const displayName = computed(() => session.value?.displayName ?? '');

  const refresher = new SessionRefresh<SessionResponse>({
    current: () => session.value,
    exchange: (refreshToken) => api.refresh(refreshToken),
    apply: (res) => keep(res, session.value?.kind ?? 'guest'),
    adoptNewer: () => adoptStored(),
    ended: () => end(),
    limited: (seconds) => void notices.push('error', `Too many session renewals: trying again in ${seconds} s`, 'REFRESH_RATE_LIMITED', seconds * 1000, { n: seconds }),
  });
  setTokenSource(() => session.value?.token ?? null);
  setUnauthorizedHandler((usedToken) => refresher.recover(usedToken));

  function keep(res: SessionResponse, kind: Session['kind']): void {
    session.value = {
      token: res.token,
      accountId: res.accountId,
      displayName: res.displayName,
      kind: res.kind ?? kind,
      ...(res.refreshToken ? { refreshToken: res.refreshToken } : {}),
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session.value));
  }
  /**
   * Tabs share the stored pair, and each renews on its own schedule: a pair another tab stored
   * for this same session is newer than ours (every renewal is stored), so ours is spent.
   */
  function adoptStored(): boolean {
    const stored = load(Date.now());
    const current = session.value;
    if (!stored?.refreshToken || !current?.refreshToken || stored.refreshToken === current.refreshToken) return false;
    if (stored.accountId !== current.accountId || sessionIdOf(stored.refreshToken) !== sessionIdOf(current.refreshToken)) return false;
    session.value = stored;
    return true;
  }
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (e) => {
      if (e.key === STORAGE_KEY && adoptStored()) refresher.schedule({ fresh: false });
    });
  }

  /** A new session (sign-in, sign-up, guest): whatever ended before is behind us. */
  function set(res: SessionResponse, kind: Session['kind']): void {
    keep(res, kind);
    ended.value = null;
    if (endedNotice !== null) notices.dismiss(endedNotice);
    endedNotice = null;
    refresher.schedule({ fresh: true });
  }
  function clear(): void {
    refresher.cancel();
    session.value = null;
    localStorage.removeItem(STORAGE_KEY);
  }
  /**
   * The server says this session is over (its renewal was refused, or it was revoked): it is not
   * shown as signed in a moment longer, and the person is told why (until they sign in again).
   */
  function end(): void {
    const current = session.value;
    if (!current || signingOut) return;
    clear();
    ended.value = { at: Date.now(), kind: current.kind };
    endedNotice ??= notices.push('error', 'Your session ended, please sign in again.', 'SESSION_ENDED', 0);
  }

  /** Trades the refresh token for a new pair now (shared with any refresh in flight). */
  const refresh = () => refresher.refresh();
  refresher.schedule({ fresh: false });

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
    // Meanwhile the server's own revocation (S_SESSION_REVOKED) is not a session that "ended".
    signingOut = true;
    try {
      await api.signOut().catch(() => undefined);
      clear();
    } finally {
      signingOut = false;
    }
  }
  /** A request or handshake with `usedToken` was refused: true once a newer token is in place. */
  const recover = (usedToken: string) => refresher.recover(usedToken);

  return { session, ended, signedIn, isGuest, accountId, displayName, continueAsGuest, signIn, signUp, signOut, refresh, recover, end, clear };
});

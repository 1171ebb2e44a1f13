// The socket.io connection for the signed-in session (one per tab), opened on first use and
// replaced when the session changes (signed out, or in as someone else); a renewed token keeps
// it (the server checks the token at the handshake, and the next handshake reads the new one).
// It reconnects by itself with backoff (api/socket.ts); a handshake that refuses the token renews
// it. `connected` drives the room's fallback to HTTP polling, its re-subscription and voice's
// rejoin.
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { type RealtimeClient, connectRealtime } from '../api/socket.ts';
import { useSessionStore } from './session.ts';

export const useRealtimeStore = defineStore('realtime', () => {
  const session = useSessionStore();
  const client = shallowRef<RealtimeClient | null>(null);
  const connected = ref(false);
  /**
   * Another tab or device of the account took this tab's connection (S_SESSION_REPLACED): the
   * socket is closed and nothing here opens another (`ensure` refuses) until the person asks for
   * it back with `takeBack` — reconnecting by itself would take it from the other tab, which would
   * take it back, and so on.
   */
  const replaced = ref(false);
  let off: (() => void)[] = [];

  function disconnect(): void {
    off.forEach((f) => f());
    off = [];
    client.value?.close();
    client.value = null;
    connected.value = false;
  }

  function ensure(): RealtimeClient | null {
    const token = session.session?.token;
    if (!token || typeof window === 'undefined' || replaced.value) return null;
    if (client.value) return client.value;
    const c = connectRealtime(() => session.session?.token ?? null, {
      onAuthRefused: (used) => session.recover(used).catch(() => false),
    });
    off = [
      c.onConnection((up) => (connected.value = up)),
      // Another tab of the same account took over: this one stops instead of fighting it.
      c.on('S_SESSION_REPLACED', () => {
        replaced.value = true;
        disconnect();
      }),
      // Signed out elsewhere, erased, password changed: the session is over.
      c.on('S_SESSION_REVOKED', () => {
        disconnect();
        session.end();
      }),
    ];
    client.value = c;
    return c;
  }

  /** "Use here": connect again, which takes the connection back from the other tab. */
  function takeBack(): RealtimeClient | null {
    replaced.value = false;
    return ensure();
  }

  // Who the socket speaks for: a new sign-in reconnects; signing out just disconnects.
  const identity = (s: typeof session.session) => (s ? `${s.kind}:${s.accountId}:${s.refreshToken?.split('.')[0] ?? s.token}` : null);
  watch(
    () => identity(session.session),
    (who) => {
      const had = client.value !== null;
      disconnect();
      replaced.value = false;
      if (had && who) ensure();
    },
  );

  return { client, connected, replaced, ensure, takeBack, disconnect };
});

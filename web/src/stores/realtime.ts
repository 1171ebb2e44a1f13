// The socket.io connection for the signed-in session (one per tab), opened on first use and
// replaced when the session changes. `connected` drives the room's fallback to HTTP polling.
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { type RealtimeClient, connectRealtime } from '../api/socket.ts';
import { useSessionStore } from './session.ts';

export const useRealtimeStore = defineStore('realtime', () => {
  const session = useSessionStore();
  const client = shallowRef<RealtimeClient | null>(null);
  const connected = ref(false);
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
    if (!token || typeof window === 'undefined') return null;
    if (client.value) return client.value;
    const c = connectRealtime(token);
    off = [
      c.onConnection((up) => (connected.value = up)),
      // Another tab of the same account took over: this one stops instead of fighting it.
      c.on('S_SESSION_REPLACED', () => {
        replaced.value = true;
        disconnect();
      }),
    ];
    client.value = c;
    return c;
  }

  // A refreshed token reconnects (the handshake carries it); signing out just disconnects.
  watch(
    () => session.session?.token,
    (token) => {
      const had = client.value !== null;
      disconnect();
      replaced.value = false;
      if (had && token) ensure();
    },
  );

  return { client, connected, replaced, ensure, disconnect };
});

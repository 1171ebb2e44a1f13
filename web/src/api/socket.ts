// The socket.io connection: authenticated with the session token, every incoming payload
// checked against its schema (a malformed one is dropped and logged), every emit acked.
//
// Reconnecting is done here, not by socket.io-client's manager. The manager retries only when
// the transport dropped: it gives up for good when the server disconnects the socket ("io server
// disconnect", which a server shutting down sends every socket) and when the handshake is refused
// (a middleware error: a token the restarted server does not accept, "Shutting down"), so after a
// restart a page stayed disconnected for good. And its jitter is lost once the delay reaches its
// cap, so every tab of a room would knock at the same 5 s beat. Here every loss retries on one
// schedule (0.5 s doubling to 5 s, each drawn from [½ d, d]), but our own close() and the
// server's word that the socket was replaced or its session is over; a refused token is first
// renewed (`onAuthRefused`), and every handshake reads the current token, so a renewed token
// needs no new connection.
import { io, type Socket } from 'socket.io-client';
import { RECONNECT_BACKOFF, backoffDelay } from './backoff.ts';
import { ApiRequestError } from './errors.ts';
import { Ack, type ClientEventName, type ClientPayloads, type ServerEventName, type ServerPayload, serverEvents } from './socketMessages.ts';

export interface RealtimeClient {
  on<E extends ServerEventName>(event: E, handler: (payload: ServerPayload<E>) => void): () => void;
  /** Resolves with the ack body; rejects with an ApiRequestError on `{ok:false}` or a timeout. */
  emit<E extends ClientEventName>(event: E, payload: ClientPayloads[E]): Promise<Record<string, unknown>>;
  onConnection(handler: (connected: boolean) => void): () => void;
  readonly connected: boolean;
  close(): void;
}

/** The signaling node's handshake refusal for a missing, forged or expired token (services/signaling/src/handshake.ts). */
export const HANDSHAKE_AUTH_REQUIRED = 'Authentication required';

export interface RealtimeOptions {
  url?: string;
  ackTimeoutMs?: number;
  /**
   * The handshake refused `token`: resolves true once a newer token is in place, false when there
   * is none to be had now (the next try waits its backoff; a session that ended closes the client).
   */
  onAuthRefused?: (token: string) => Promise<boolean>;
  random?: () => number;
}

export function connectRealtime(token: string | (() => string | null), { url = '', ackTimeoutMs = 10_000, onAuthRefused, random = Math.random }: RealtimeOptions = {}): RealtimeClient {
  const currentToken = typeof token === 'string' ? () => token : token;
  /** The token the last handshake carried. */
  let sentToken: string | null = null;
  const socket: Socket = io(url, {
    auth: (cb) => {
      sentToken = currentToken();
      cb({ token: sentToken });
    },
    transports: ['websocket', 'polling'],
    reconnection: false,
  });
  let closed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Connects again after the next backoff delay (one pending try at a time). */
  const retryLater = () => {
    if (closed || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && !socket.connected) socket.connect();
    }, backoffDelay(attempt++, RECONNECT_BACKOFF, random));
  };
  socket.on('connect', () => {
    attempt = 0;
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') retryLater();
  });
  // The server says why it is about to disconnect this socket: another connection of the account
  // took over, or the session is over. Neither is a loss to retry: reconnecting would take the
  // connection back from the newer tab (which would take it back in turn), or knock with a dead
  // session. Whoever listens decides what comes next (realtime store: "Use here", sign-in).
  const stop = () => {
    closed = true;
    clearTimeout(retryTimer);
    retryTimer = undefined;
  };
  socket.on('S_SESSION_REPLACED', stop);
  socket.on('S_SESSION_REVOKED', stop);
  socket.on('connect_error', (err: Error & { data?: { code?: unknown } }) => {
    if (closed) return;
    const authRefused = err.message === HANDSHAKE_AUTH_REQUIRED || err.data?.code === 'UNAUTHENTICATED';
    const used = sentToken;
    if (!authRefused || !onAuthRefused || used === null) return retryLater();
    // A renewed token is tried at once (from the first backoff step: the refresher allows one
    // renewal per window, so a token refused again cannot loop); otherwise the backoff goes on.
    void onAuthRefused(used)
      .catch(() => false)
      .then((renewed) => {
        if (renewed) attempt = 0;
        retryLater();
      });
  });
  return {
    on(event, handler) {
      const listener = (raw: unknown) => {
        const parsed = serverEvents[event].safeParse(raw);
        if (parsed.success) handler(parsed.data as ServerPayload<typeof event>);
        else console.warn(`dropped a malformed ${event}`, parsed.error.issues);
      };
      socket.on(event as string, listener);
      return () => socket.off(event as string, listener);
    },
    async emit(event, payload) {
      let raw: unknown;
      try {
        raw = await socket.timeout(ackTimeoutMs).emitWithAck(event, payload);
      } catch {
        throw new ApiRequestError(0, { code: 'SOCKET_TIMEOUT', message: `No answer to ${event} within ${ackTimeoutMs / 1000} s` });
      }
      const ack = Ack.safeParse(raw);
      if (!ack.success) throw new ApiRequestError(0, { code: 'BAD_RESPONSE', message: `Unexpected ack for ${event}` });
      if (!ack.data.ok) throw new ApiRequestError(0, ack.data.error);
      return ack.data;
    },
    onConnection(handler) {
      const up = () => handler(true);
      const down = () => handler(false);
      socket.on('connect', up);
      socket.on('disconnect', down);
      return () => {
        socket.off('connect', up);
        socket.off('disconnect', down);
      };
    },
    get connected() {
      return socket.connected;
    },
    close: () => {
      closed = true;
      clearTimeout(retryTimer);
      socket.close();
    },
  };
}

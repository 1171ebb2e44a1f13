// The socket.io connection: authenticated with the session token, every incoming payload
// checked against its schema (a malformed one is dropped and logged), every emit acked.
import { io, type Socket } from 'socket.io-client';
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

export function connectRealtime(token: string, url = '', ackTimeoutMs = 10_000): RealtimeClient {
  const socket: Socket = io(url, { auth: { token }, transports: ['websocket', 'polling'] });
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
    close: () => socket.close(),
  };
}

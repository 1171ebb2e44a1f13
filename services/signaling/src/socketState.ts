// What the node keeps per socket. `SocketData` is the part other nodes see through fetchSockets
// (plain JSON); `LocalSocketState` stays on the node that holds the socket.
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import type { Identity } from './ports.ts';
import type { SocketRateLimiter } from './rateLimit.ts';

export interface SocketData {
  accountId: string;
  displayName: string;
  kind: 'account' | 'guest';
  sessionId: string | null;
  /** debateId → peerId of the voice sessions this socket holds. */
  voice: Record<string, string>;
}

/** Between nodes (serverSideEmit): each node answers once it has done it. */
export interface InterNodeEvents {
  'booktalk:takeover': (msg: { accountId: string; keep: string }, ack: (reply: string) => void) => void;
  'booktalk:revoke-session': (msg: { sessionId: string }, ack: (reply: string) => void) => void;
}

export type Io = Server<DefaultEventsMap, DefaultEventsMap, InterNodeEvents, SocketData>;
export type ServerSocket = Socket<DefaultEventsMap, DefaultEventsMap, InterNodeEvents, SocketData>;

export interface LocalSocketState {
  identity: Identity;
  limiter: SocketRateLimiter;
  /** debateId → position of the last S_DEBATE_STATE pushed to this socket. */
  positions: Map<string, bigint>;
  /** Set when a newer connection of the account took over: its voice was handed over already. */
  replaced: boolean;
  /** Voice operations of one socket run one after another (join, leave, removal). */
  voiceQueue: Promise<unknown>;
}

/** Local sockets in a room of this node (no adapter round trip). */
export function localSocketsIn(io: Io, room: string): ServerSocket[] {
  const ids = io.of('/').adapter.rooms.get(room);
  if (!ids) return [];
  const sockets: ServerSocket[] = [];
  for (const id of ids) {
    const s = io.of('/').sockets.get(id);
    if (s) sockets.push(s);
  }
  return sockets;
}

/** Runs `task` after the socket's earlier voice operations. */
export function inVoiceOrder<T>(state: LocalSocketState, task: () => Promise<T>): Promise<T> {
  const run = state.voiceQueue.then(task, task);
  state.voiceQueue = run.catch(() => undefined);
  return run;
}

// One connection per account: a newer one replaces the older wherever it is. Locally directly;
// with a cluster adapter every other node is asked too and answers once it has done it, so the
// new socket connects only after the old one left its voice rooms.
import type { Logger } from '@booktalk/api';
import { accountRoom, sessionRoom } from './rooms.ts';
import { type Io, type ServerSocket, localSocketsIn } from './socketState.ts';

const TAKEOVER_EVENT = 'booktalk:takeover';
const REVOKE_EVENT = 'booktalk:revoke-session';
const CLUSTER_TIMEOUT_MS = 3_000;

/** The adapter has its own request timeout; this bounds the wait whatever the adapter does. */
const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from every node within ${CLUSTER_TIMEOUT_MS} ms`)), CLUSTER_TIMEOUT_MS);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

export interface DropHandlers {
  /** Hands the socket's voice over and sends S_SESSION_REPLACED; the caller disconnects. */
  replace(socket: ServerSocket): void;
  /** Takes the socket out of voice and sends S_SESSION_REVOKED; the caller disconnects. */
  revoke(socket: ServerSocket): Promise<void>;
}

export class SessionControl {
  constructor(
    private readonly io: Io,
    private readonly clustered: boolean,
    private readonly drop: DropHandlers,
    private readonly logger: Logger,
  ) {
    if (clustered) {
      io.on(TAKEOVER_EVENT, (msg, ack) => {
        this.replaceLocal(msg.accountId, msg.keep);
        if (typeof ack === 'function') ack('ok');
      });
      io.on(REVOKE_EVENT, (msg, ack) => {
        this.revokeLocal(msg.sessionId).finally(() => typeof ack === 'function' && ack('ok'));
      });
    }
  }

  /** Replaces every other connection of the account (before `keep` is admitted). */
  async takeOver(accountId: string, keep: string): Promise<void> {
    this.replaceLocal(accountId, keep);
    if (!this.clustered) return;
    try {
      await withTimeout(this.io.serverSideEmitWithAck(TAKEOVER_EVENT, { accountId, keep }));
    } catch (error) {
      this.logger.warn({ err: error, accountId }, 'not every node confirmed the takeover');
    }
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.revokeLocal(sessionId);
    if (!this.clustered) return;
    try {
      await withTimeout(this.io.serverSideEmitWithAck(REVOKE_EVENT, { sessionId }));
    } catch (error) {
      this.logger.warn({ err: error }, 'not every node confirmed the session revocation');
    }
  }

  private replaceLocal(accountId: string, keep: string): void {
    for (const socket of localSocketsIn(this.io, accountRoom(accountId))) {
      if (socket.id === keep) continue;
      this.drop.replace(socket);
      socket.disconnect(true);
    }
  }

  private async revokeLocal(sessionId: string): Promise<void> {
    await Promise.all(
      localSocketsIn(this.io, sessionRoom(sessionId)).map(async (socket) => {
        await this.drop.revoke(socket);
        socket.disconnect(true);
      }),
    );
  }
}

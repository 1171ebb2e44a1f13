// What the room needs from whatever carries voice: remote audio by account and a status. The
// mesh implements it today; a stage (SFU) transport for listeners can later without the room
// UI knowing which one it has.

/**
 * `joining`: links are being negotiated (or the join is not acknowledged yet). In the voice room
 * with no link connected and none negotiating: `alone` (nobody else is in it) or `present` (others
 * are, but none this tab exchanges audio with: listeners among listeners, a speaker whose audience
 * hears through the stage).
 */
export type TransportStatus = 'idle' | 'joining' | 'connected' | 'alone' | 'present' | 'reconnecting' | 'failed' | 'closed';

export interface ListenerTransport {
  readonly kind: 'mesh' | 'stage';
  /** Called with a stream when a speaker's audio arrives, with null when it goes. */
  onRemoteAudio(handler: (accountId: string, stream: MediaStream | null) => void): () => void;
  onStatus(handler: (status: TransportStatus) => void): () => void;
  readonly status: TransportStatus;
  close(): void;
}

/** A tiny typed event emitter shared by the voice classes. */
export class Emitter<T extends unknown[]> {
  private handlers = new Set<(...args: T) => void>();
  on(handler: (...args: T) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  emit(...args: T): void {
    for (const h of [...this.handlers]) h(...args);
  }
}

// The bus port: fan-out of small JSON messages by topic and key. In-process by default; Kafka in
// the scaled setup. Delivery is at least once and per-key ordered; consumers must tolerate
// duplicates and use positions to drop stale messages.
export type BusHandler<T> = (message: T, key: string) => void | Promise<void>;

export interface Bus {
  publish<T>(topic: string, key: string, message: T): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe<T>(topic: string, handler: BusHandler<T>): () => void;
  close(): Promise<void>;
  /**
   * Runs `listener` when delivery on `topic` resumes after a gap in which messages may have been
   * lost (a broker outage: a publisher may have dropped one). Subscribers that keep state re-read
   * it then. In-process buses have no gaps and need not implement it. Returns the unsubscribe.
   */
  onResumed?(topic: string, listener: () => void): () => void;
  /** For readiness: whether messages are flowing (in-process: always). */
  health?(): BusHealth;
}

export interface BusHealth {
  connected: boolean;
  /** Why not, when not connected. */
  detail?: string;
}

// The event store port: everything the write side and the projectors need from a store.
// Two adapters implement it (PostgreSQL, EventStoreDB) and one contract suite checks both.
import type { NewEvent, StoredEvent } from '@booktalk/contracts';

/** `'no_stream'`: the stream must not exist; `'any'`: no check; a number: the last version (0-based). */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendResult {
  /** Version of the last event written (0-based), or the current version when nothing was written. */
  nextExpectedVersion: number;
  /** Global position of the last event written. */
  position: bigint;
  /** True when the command id had already been appended: nothing was written. */
  duplicate: boolean;
}

/** One independent append of an `appendMany` call. */
export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

/** Per request, in request order: its result, or the conflict that kept it from being written. */
export type AppendManyResult = Array<AppendResult | WrongExpectedVersionError>;

export interface ReadAllPage {
  events: StoredEvent[];
  /** Position to pass as `fromPosition` for the next page (exclusive). */
  nextPosition: bigint;
  isEnd: boolean;
}

export interface Subscription {
  /** Stops delivery; resolves once the handler is no longer being called. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Max events per handler call. */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface EventStore {
  /**
   * Appends atomically with optimistic concurrency. Idempotent on `metadata.commandId`: if events
   * with that command id already exist in the stream, nothing is written and `duplicate` is true.
   * Throws `WrongExpectedVersionError` on a version conflict.
   */
  append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;
  /**
   * Many independent appends (typically different streams) in one call. Each request has the
   * semantics of `append` and succeeds or fails on its own: a version conflict comes back as that
   * request's `WrongExpectedVersionError` and does not affect the others. Requests to one stream
   * apply in the given order. PostgreSQL writes every success in one transaction (one round trip);
   * EventStoreDB has no cross-stream transaction and appends one by one. Throws (writing nothing)
   * on malformed input in any request, and on connection errors.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendManyResult>;
  /**
   * Events of one stream from `fromVersion` (inclusive, default 0), in version order; at most
   * `maxCount` of them when given (a bounded read: replay folds from a snapshot).
   */
  readStream(streamId: string, fromVersion?: number, maxCount?: number): Promise<StoredEvent[]>;
  /** Events in global order with position > `fromPosition` (exclusive; 0n = from the start). */
  readAll(fromPosition: bigint, limit: number): Promise<ReadAllPage>;
  /**
   * Catch-up then live, in global order, at least once, never skipping. The handler receives
   * batches; the next batch is not delivered until the returned promise resolves (back-pressure).
   */
  subscribeAll(
    fromPosition: bigint,
    handler: (events: StoredEvent[]) => Promise<void>,
    options?: SubscribeOptions,
  ): Subscription;
  /** Position of the last event in the store (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super(`Stream ${streamId}: expected version ${String(expected)}, actual ${actual ?? 'no stream'}`);
    this.name = 'WrongExpectedVersionError';
  }
}

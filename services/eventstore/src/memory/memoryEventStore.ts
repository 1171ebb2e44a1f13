// The in-memory adapter of the event store port: the same contract as PostgreSQL (optimistic
// concurrency, idempotency by command id, global order, catch-up subscriptions), kept in one
// process's memory. For tests and tools that are not about storage: fast, nothing to install,
// gone when the process ends. Every operation runs to completion without awaiting, so concurrent
// callers see each other's appends whole, as PostgreSQL's per-stream locks make them.
import { randomUUID } from 'node:crypto';
import type { NewEvent, StoredEvent } from '@booktalk/contracts';
import {
  WrongExpectedVersionError,
  type AppendManyResult,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type ReadAllPage,
  type SubscribeOptions,
  type Subscription,
} from '../port.ts';
import { pollingSubscription } from '../pollingSubscription.ts';
import { SubscriptionRegistry } from '../subscriptionRegistry.ts';
import { assertStreamId, validateAppend } from '../validation.ts';

export interface MemoryEventStoreOptions {
  /** Fallback poll of an idle subscription; appends wake subscribers at once. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Pause before retrying a failed handler; default 1000 ms. */
  retryDelayMs?: number;
  /** The clock that stamps `occurredAt` when an event brings none. */
  now?: () => Date;
}

export class MemoryEventStore implements EventStore {
  /** Every event in global order: position n is at index n - 1. */
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** `stream \0 commandId` → the result of the append that wrote that command. */
  private readonly commands = new Map<string, AppendResult>();
  private readonly wakes = new Set<() => void>();
  private readonly subscriptions = new SubscriptionRegistry();
  private closed = false;

  constructor(private readonly options: MemoryEventStoreOptions = {}) {}

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    this.assertOpen();
    const commandId = validateAppend(streamId, events, expectedVersion);
    const result = this.write({ streamId, events, expectedVersion }, commandId);
    if (result instanceof WrongExpectedVersionError) throw result;
    return result;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendManyResult> {
    this.assertOpen();
    // All input is checked before anything is written: a malformed request fails the whole call.
    const commandIds = requests.map((r) => validateAppend(r.streamId, r.events, r.expectedVersion));
    return requests.map((request, i) => this.write(request, commandIds[i]!));
  }

  async readStream(streamId: string, fromVersion = 0, maxCount?: number): Promise<StoredEvent[]> {
    this.assertOpen();
    assertStreamId(streamId);
    const from = Math.max(0, fromVersion);
    return (this.streams.get(streamId) ?? []).slice(from, maxCount === undefined ? undefined : from + maxCount).map(copy);
  }

  async readAll(fromPosition: bigint, limit: number): Promise<ReadAllPage> {
    this.assertOpen();
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const start = fromPosition < 0n ? 0 : Number(fromPosition);
    const events = this.log.slice(start, start + limit).map(copy);
    return { events, nextPosition: events.at(-1)?.position ?? fromPosition, isEnd: events.length < limit };
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return BigInt(this.log.length);
  }

  subscribeAll(
    fromPosition: bigint,
    handler: (events: StoredEvent[]) => Promise<void>,
    options?: SubscribeOptions,
  ): Subscription {
    this.assertOpen();
    const inner = pollingSubscription(
      {
        readAll: (from, limit) => this.readAll(from, limit),
        onWake: (wake) => {
          this.wakes.add(wake);
          return () => this.wakes.delete(wake);
        },
        pollIntervalMs: this.options.pollIntervalMs ?? 1_000,
        retryDelayMs: this.options.retryDelayMs ?? 1_000,
      },
      fromPosition,
      handler,
      options,
    );
    return this.subscriptions.track(inner);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.subscriptions.stopAll();
    this.closed = true;
  }

  /** One append, checked in PostgreSQL's order: idempotency first, then the expected version. */
  private write(request: AppendRequest, commandId: string): AppendResult | WrongExpectedVersionError {
    const { streamId, events, expectedVersion } = request;
    const commandKey = `${streamId}\u0000${commandId}`;
    const original = this.commands.get(commandKey);
    if (original) return { ...original, duplicate: true };

    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length - 1; // -1: no stream
    const fits =
      expectedVersion === 'any' ||
      (expectedVersion === 'no_stream' ? stream.length === 0 : expectedVersion === current);
    if (!fits) return new WrongExpectedVersionError(streamId, expectedVersion, current >= 0 ? current : null);

    const now = (this.options.now?.() ?? new Date()).toISOString();
    for (const e of events) {
      const stored: StoredEvent = {
        eventId: randomUUID(),
        type: e.type,
        streamId,
        version: stream.length,
        position: BigInt(this.log.length + 1),
        occurredAt: e.occurredAt ? new Date(e.occurredAt).toISOString() : now,
        schemaVersion: e.schemaVersion ?? 1,
        // A copy: the caller may reuse its objects; the store's must not change with them.
        data: structuredClone(e.data),
        metadata: structuredClone(e.metadata),
      };
      stream.push(stored);
      this.log.push(stored);
    }
    this.streams.set(streamId, stream);
    const result: AppendResult = { nextExpectedVersion: stream.length - 1, position: BigInt(this.log.length), duplicate: false };
    this.commands.set(commandKey, result);
    for (const wake of this.wakes) wake();
    return result;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('MemoryEventStore is closed');
  }
}

/** Readers get their own copies, as they would from a database. */
const copy = (e: StoredEvent): StoredEvent => structuredClone(e);

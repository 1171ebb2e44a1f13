// The EventStoreDB / KurrentDB adapter of the event store port.
// Covered by the contract suite only where EVENTSTORE_URL points at a server (no server on the
// build machines): it typechecks here but has not been run against EventStoreDB in this repo's CI.
import type { NewEvent, StoredEvent } from '@booktalk/contracts';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AppendExpectedRevision,
  type ReadStreamOptions,
} from '@eventstore/db-client';
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
import { assertStreamId, validateAppend } from '../validation.ts';
import { commandEventId } from './eventIds.ts';
import { esdbSubscription } from './esdbSubscription.ts';
import { isSystem, toEventData, toStoredEvent } from './mapping.ts';
import { SubscriptionRegistry } from '../subscriptionRegistry.ts';

export interface EsdbEventStoreOptions {
  /** An existing client (not disposed by close()) or a connection string (`esdb://` or `kurrentdb://`). */
  client?: EventStoreDBClient;
  connectionString?: string;
  /** Pause before resubscribing after an error; default 1000 ms. */
  retryDelayMs?: number;
}

// Client 6.x only knows the esdb schemes; KurrentDB servers speak the same protocol.
const toEsdbUrl = (url: string): string => url.replace(/^kurrentdb(\+discover)?:\/\//, 'esdb$1://');

const toRevision = (expected: ExpectedVersion): AppendExpectedRevision =>
  expected === 'any' ? ANY : expected === 'no_stream' ? NO_STREAM : BigInt(expected);

export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly subscriptions = new SubscriptionRegistry();

  constructor(private readonly options: EsdbEventStoreOptions) {
    if (!options.client && !options.connectionString) throw new Error('EsdbEventStore needs a client or a connectionString');
    this.client = options.client ?? EventStoreDBClient.connectionString(toEsdbUrl(options.connectionString!));
    this.ownsClient = !options.client;
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    const commandId = validateAppend(streamId, events, expectedVersion);
    const now = new Date().toISOString();
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e, i) => toEventData(streamId, e, i, now)),
        { expectedRevision: toRevision(expectedVersion) },
      );
      if (result.position) {
        return { nextExpectedVersion: Number(result.nextExpectedRevision), position: result.position.commit, duplicate: false };
      }
      // The server answers an idempotent re-append (same event ids) with success but no position.
      const original = await this.findCommand(streamId, commandId, events.length);
      if (original) return original;
      throw new Error(`Append to ${streamId} succeeded without a position and command ${commandId} is not in the stream`);
    } catch (error) {
      if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
      // A re-sent command whose expected version is stale now: answer with the original result.
      const original = await this.findCommand(streamId, commandId, events.length);
      if (original) return original;
      const actual = error.actualVersion === NO_STREAM ? null : Number(error.actualVersion);
      throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
    }
  }

  /**
   * EventStoreDB has no transaction across streams, so this is honestly `append` per request:
   * streams in parallel, requests to one stream in order. Each request is independent anyway, so
   * nothing is lost but the single round trip.
   */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendManyResult> {
    for (const r of requests) validateAppend(r.streamId, r.events, r.expectedVersion);
    const results: AppendManyResult = new Array(requests.length);
    const byStream = new Map<string, number[]>();
    requests.forEach((r, i) => byStream.set(r.streamId, [...(byStream.get(r.streamId) ?? []), i]));
    await Promise.all(
      [...byStream.values()].map(async (indexes) => {
        for (const i of indexes) {
          const r = requests[i]!;
          try {
            results[i] = await this.append(r.streamId, r.events, r.expectedVersion);
          } catch (error) {
            if (!(error instanceof WrongExpectedVersionError)) throw error;
            results[i] = error;
          }
        }
      }),
    );
    return results;
  }

  /** The original result of a command already in the stream (scans backwards: conflicts only). */
  private async findCommand(streamId: string, commandId: string, count: number): Promise<AppendResult | null> {
    const lastId = commandEventId(streamId, commandId, count - 1);
    try {
      for await (const r of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END })) {
        if (r.event?.id === lastId) {
          const e = toStoredEvent(r);
          return { nextExpectedVersion: e.version, position: e.position, duplicate: true };
        }
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    return null;
  }

  async readStream(streamId: string, fromVersion = 0, maxCount?: number): Promise<StoredEvent[]> {
    assertStreamId(streamId);
    const out: StoredEvent[] = [];
    try {
      const options: ReadStreamOptions = { direction: FORWARDS, fromRevision: BigInt(fromVersion), ...(maxCount !== undefined ? { maxCount: BigInt(maxCount) } : {}) };
      for await (const r of this.client.readStream(streamId, options)) {
        if (r.event) out.push(toStoredEvent(r));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(fromPosition: bigint, limit: number): Promise<ReadAllPage> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    // System records are filtered here, not by the server, so keep reading chunks until the page
    // is full or $all is exhausted.
    const events: StoredEvent[] = [];
    let cursor = fromPosition;
    for (;;) {
      const chunk = Math.max(limit - events.length, 100) + 1;
      let seen = 0;
      for await (const r of this.client.readAll({
        direction: FORWARDS,
        fromPosition: cursor === 0n ? START : { commit: cursor, prepare: cursor },
        maxCount: chunk,
      })) {
        seen++;
        const position = r.event?.position.commit ?? r.commitPosition ?? cursor;
        if (position <= cursor) continue; // readAll's start is inclusive; ours is not
        cursor = position;
        if (!isSystem(r)) events.push(toStoredEvent(r));
        if (events.length === limit) return { events, nextPosition: cursor, isEnd: false };
      }
      if (seen < chunk) return { events, nextPosition: cursor, isEnd: true };
    }
  }

  async headPosition(): Promise<bigint> {
    for await (const r of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1000 })) {
      if (!isSystem(r)) return toStoredEvent(r).position;
    }
    return 0n;
  }

  subscribeAll(
    fromPosition: bigint,
    handler: (events: StoredEvent[]) => Promise<void>,
    options: SubscribeOptions = {},
  ): Subscription {
    const inner = esdbSubscription(this.client, fromPosition, handler, {
      ...options,
      retryDelayMs: this.options.retryDelayMs ?? 1_000,
    });
    return this.subscriptions.track(inner);
  }

  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    if (this.ownsClient) await this.client.dispose();
  }
}

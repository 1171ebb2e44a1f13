// Group commit for the command path: appends of concurrent commands (different debates) go to
// the store together in one `appendMany` (one PostgreSQL transaction, one round trip). A
// transaction costs far more than the events in it (docs/infrastructure.md: ~4,400 one-event tx/s vs
// ~22,500 events/s in 10-event transactions), so sharing transactions is what raises commands/s.
// When to send, and why (bench/append.ts, 2-core build machine):
//  - nothing in flight: at once, alone. A lone client waits for nobody (no timer, no linger);
//  - something in flight: after one event-loop turn (setImmediate, not a timer), so every command
//    that became ready in this turn (e.g. all those woken by the last commit) is queued; then
//  - few waiting (<= LOW_DEMAND): send now, up to `maxInFlight` calls. Low load is latency-bound
//    and PostgreSQL overlaps the commits of parallel transactions;
//  - more waiting: start a call only while fewer than `busyInFlight` are out, so the queue grows
//    into big batches. High load is CPU-bound and every transaction saved is CPU for commands.
//    (Always sending at once with 2 in flight cost ~10% at 8 clients; 8 always in flight gave
//    a third of the gain at 32.)
// Same-debate commands never meet here (the handler's KeyedMutex serialises them), but the store
// would apply them in order if they did.
import type { NewEvent } from '@booktalk/contracts';
import {
  type AppendRequest,
  type AppendResult,
  type EventStore,
  EventStoreInputError,
  type ExpectedVersion,
  WrongExpectedVersionError,
} from '@booktalk/eventstore';

/** What the command handler needs to write: `EventStore.append`'s contract. */
export interface Appender {
  append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;
}

export interface GroupCommitOptions {
  /** Most appends per store call (default 64). */
  maxBatch?: number;
  /** Store calls in flight at most, reached only while few appends wait (default 8). */
  maxInFlight?: number;
  /** Store calls in flight while more appends wait: the rest queue into bigger batches (default 2). */
  busyInFlight?: number;
}

/** Appends waiting (after one event-loop turn) up to which demand counts as low. */
const LOW_DEMAND = 2;

interface Pending {
  request: AppendRequest;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitAppender implements Appender {
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly busyInFlight: number;
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private drainScheduled = false;

  constructor(
    private readonly store: EventStore,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 8;
    this.busyInFlight = Math.min(options.busyInFlight ?? 2, this.maxInFlight);
    for (const [name, value] of [['maxBatch', this.maxBatch], ['maxInFlight', this.maxInFlight], ['busyInFlight', this.busyInFlight]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`group commit ${name} must be an integer >= 1, got ${value}`);
    }
  }

  /** Resolves like `store.append`: the result, or rejects with WrongExpectedVersionError for this append alone. */
  append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { streamId, events, expectedVersion }, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.queue.length === 0) return;
    if (this.inFlight === 0) return this.drain();
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < (this.queue.length <= LOW_DEMAND ? this.maxInFlight : this.busyInFlight)) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    // A batch of one is a plain append: the lone client's path is exactly the ungrouped one.
    if (batch.length === 1) return this.writeOne(batch[0]!);
    try {
      const results = await this.store.appendMany(batch.map((p) => p.request));
      results.forEach((result, i) => {
        if (result instanceof WrongExpectedVersionError) batch[i]!.reject(result);
        else batch[i]!.resolve(result);
      });
    } catch (error) {
      // appendMany refuses the whole call for one malformed request: retry each on its own so
      // only that command fails. Any other error (connection) is every command's.
      if (error instanceof EventStoreInputError) await Promise.all(batch.map((p) => this.writeOne(p)));
      else for (const p of batch) p.reject(error);
    }
  }

  private async writeOne({ request, resolve, reject }: Pending): Promise<void> {
    await this.store.append(request.streamId, request.events, request.expectedVersion).then(resolve, reject);
  }
}

/** No grouping: one store call (one transaction) per command. */
export const directAppender = (store: EventStore): Appender => ({
  append: (streamId, events, expectedVersion) => store.append(streamId, events, expectedVersion),
});

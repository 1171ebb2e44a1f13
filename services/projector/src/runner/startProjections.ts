// The live runner: one catch-up subscription feeds every projection of the group, so each event
// is read and decoded once; each batch is applied to all of them in one transaction (applyBatch),
// then "debate changed" goes out on the bus. In-process (embedded default) or in main.ts.
import type { StoredEvent } from '@booktalk/contracts';
import type { Bus } from '@booktalk/bus';
import type { EventStore, Subscription } from '@booktalk/eventstore';
import type pg from 'pg';
import { allProjections } from '../projections/index.ts';
import { CheckpointBehindError, applyBatch } from './applyBatch.ts';
import { ChangePublisher } from './changePublisher.ts';
import { type ProjectionLag, projectionLag, readCheckpoints } from './checkpoints.ts';
import { parkedCounts } from './parking.ts';
import type { Projection } from './projection.ts';
import { retryParked } from './retry.ts';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface StartProjectionsOptions {
  pool: pg.Pool;
  store: EventStore;
  /** Gets a DebateChanged per changed debate after each commit; none when omitted. */
  bus?: Bus;
  logger?: Logger;
  projections?: readonly Projection[];
  /** Events per batch (and per transaction); default 1000. */
  batchSize?: number;
  /** Called after every committed batch (tests and benchmarks measure lag with it). */
  onCommitted?: (info: { position: bigint; applied: number }) => void;
}

export interface RunningProjections {
  stop(): Promise<void>;
  lag(): Promise<ProjectionLag[]>;
  /** Parked debates per projection (0 where none). */
  parked(): Promise<Map<string, number>>;
  /** When the last batch failed as a whole (being retried), its error; null while healthy. */
  failing(): { error: string; since: string } | null;
}

const minOf = (values: Iterable<bigint>): bigint => {
  let min: bigint | null = null;
  for (const v of values) if (min === null || v < min) min = v;
  return min ?? 0n;
};

const consoleLogger: Logger = {
  info: (o, m) => console.log(m ?? '', o),
  error: (o, m) => console.error(m ?? '', o),
};

export async function startProjections(options: StartProjectionsOptions): Promise<RunningProjections> {
  const { pool, store, bus } = options;
  const logger = options.logger ?? consoleLogger;
  const projections = options.projections ?? allProjections;
  const names = projections.map((p) => p.name);
  const batchSize = options.batchSize ?? 1000;

  let subscription: Subscription | null = null;
  let stopped = false;
  // Set while a resubscription is pending; batches still delivered meanwhile are ignored.
  let restarting = false;

  let failure: { error: string; since: string } | null = null;

  // The projection already committed; a bus failure must not roll it back or stall it: a refused
  // change is sent again in the background until the bus takes it (changePublisher.ts).
  const publisher = bus ? new ChangePublisher(bus, logger) : null;
  const publish = async (outcome: { changed: Awaited<ReturnType<typeof applyBatch>>['changed'] }) => {
    // All at once, not one after another: the Kafka bus coalesces publishes made while a request
    // is in flight into one produce request (its SendQueue keeps their order), so a batch costs one
    // broker round trip. Awaited one by one, a batch of 50 changed debates cost 50 round trips and
    // the projector fell behind 200 commands/s (benchmark figure 2 across nodes: p50 780 ms).
    await publisher?.publish(outcome.changed);
  };

  const subscribe = (from: bigint) => {
    let after = from;
    const handler = async (events: StoredEvent[]) => {
      if (restarting || stopped) return;
      try {
        const outcome = await applyBatch(pool, projections, events, after);
        failure = null;
        // Logged once, here, when parked: the parked row keeps it for /metrics and the CLI.
        for (const p of outcome.parked) {
          logger.error(
            { projection: p.projection, debateId: p.debateId, position: p.position.toString(), eventType: p.eventType, error: p.error },
            'projection cannot apply an event: debate parked for this projection, the others carry on (npm run projections -- retry)',
          );
        }
        after = events.at(-1)?.position ?? after;
        options.onCommitted?.({ position: after, applied: outcome.applied });
        await publish(outcome);
      } catch (error) {
        if (!(error instanceof CheckpointBehindError)) throw error; // the subscription retries it
        // A rebuild reset a checkpoint: start over from there (the stop must not be awaited from
        // inside the handler, the subscription waits for the handler to return).
        restarting = true;
        logger.info({ from: error.position.toString() }, 'checkpoint moved back; resubscribing');
        void restart(error.position);
      }
    };
    subscription = store.subscribeAll(from, handler, {
      batchSize,
      onError: (error) => {
        // A batch fails as a whole only on infrastructure faults (the database away): log the
        // first failure and then only when the error changes, not on every retry.
        const text = error instanceof Error ? error.message : String(error);
        if (failure?.error !== text) logger.error({ err: error }, 'projection batch failed; retrying');
        failure = { error: text, since: failure?.error === text ? failure.since : new Date().toISOString() };
      },
    });
  };

  const restart = async (from: bigint) => {
    await subscription?.stop();
    restarting = false;
    if (!stopped) subscribe(from);
  };

  // A new release may carry the fix for what was parked: try each parked debate once at start.
  const retried = await retryParked(pool, store, projections);
  for (const o of retried.outcomes) {
    if (o.healed) logger.info({ projection: o.entry.projection, debateId: o.entry.debateId, applied: o.applied }, 'parked debate healed at start');
  }
  await publish(retried);

  subscribe(minOf((await readCheckpoints(pool, names)).values()));

  return {
    async stop() {
      stopped = true;
      await subscription?.stop();
      publisher?.stop();
    },
    lag: () => projectionLag(pool, store, names),
    parked: () => parkedCounts(pool, names),
    failing: () => failure,
  };
}

// Catch-up and live in one loop (the PostgreSQL and in-memory adapters): read a page after the
// last delivered position, hand it to the handler and wait for it (back-pressure), repeat; when
// caught up, sleep until a wake-up (NOTIFY, an append), the poll interval or stop(). A failing
// handler or read is reported and retried from the same position after a pause: delivery is at
// least once and never skips.
import type { StoredEvent } from '@booktalk/contracts';
import type { ReadAllPage, SubscribeOptions, Subscription } from './port.ts';

export interface PollingSubscriptionDeps {
  readAll(fromPosition: bigint, limit: number): Promise<ReadAllPage>;
  /** Registers a wake-up callback (e.g. on NOTIFY); returns its removal. */
  onWake(wake: () => void): () => void;
  pollIntervalMs: number;
  retryDelayMs: number;
}

export function pollingSubscription(
  deps: PollingSubscriptionDeps,
  fromPosition: bigint,
  handler: (events: StoredEvent[]) => Promise<void>,
  options: SubscribeOptions = {},
): Subscription {
  const batchSize = options.batchSize ?? 500;
  let stopped = false;
  // Set when a wake arrives while a page is being read or handled, so it is not lost.
  let pendingWake = false;
  let wakeNow: (() => void) | null = null;
  const wake = (): void => {
    pendingWake = true;
    wakeNow?.();
  };
  const removeWake = deps.onWake(wake);

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped || pendingWake) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeNow = null;
        resolve();
      }
      wakeNow = done;
    });

  const run = async (): Promise<void> => {
    let position = fromPosition;
    while (!stopped) {
      try {
        pendingWake = false;
        const page = await deps.readAll(position, batchSize);
        if (stopped) break;
        if (page.events.length > 0) {
          await handler(page.events);
          position = page.nextPosition;
        }
        if (page.isEnd) await sleep(deps.pollIntervalMs);
      } catch (error) {
        options.onError?.(error);
        pendingWake = false;
        await sleep(deps.retryDelayMs);
      }
    }
  };

  const loop = run().finally(removeWake);
  return {
    async stop() {
      stopped = true;
      wakeNow?.();
      await loop;
    },
  };
}

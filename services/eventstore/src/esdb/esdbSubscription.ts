// subscribeToAll wrapped to the port's rules: batches (what the stream already has buffered, up
// to batchSize), one handler call at a time (the for-await loop does not pull while the handler
// runs, so the gRPC stream back-pressures), and on any error a resubscribe from the last
// delivered position after a pause.
import type { StoredEvent } from '@booktalk/contracts';
import { START, excludeSystemEvents, type AllStreamSubscription, type EventStoreDBClient } from '@eventstore/db-client';
import type { SubscribeOptions, Subscription } from '../port.ts';
import { isSystem, toStoredEvent } from './mapping.ts';

export function esdbSubscription(
  client: EventStoreDBClient,
  fromPosition: bigint,
  handler: (events: StoredEvent[]) => Promise<void>,
  options: SubscribeOptions & { retryDelayMs: number },
): Subscription {
  const batchSize = options.batchSize ?? 500;
  let stopped = false;
  let current: AllStreamSubscription | null = null;
  let position = fromPosition;
  let wakeRetry: (() => void) | null = null;

  const deliver = async (batch: StoredEvent[]): Promise<void> => {
    await handler(batch);
    position = batch.at(-1)!.position;
  };

  const once = async (): Promise<void> => {
    const sub = client.subscribeToAll({
      fromPosition: position === 0n ? START : { commit: position, prepare: position },
      filter: excludeSystemEvents(),
    });
    current = sub;
    let batch: StoredEvent[] = [];
    try {
      for await (const resolved of sub) {
        if (stopped) break;
        if (isSystem(resolved)) continue;
        const event = toStoredEvent(resolved);
        // The start position is exclusive in our port; never hand back what was delivered.
        if (event.position <= position || event.position <= (batch.at(-1)?.position ?? -1n)) continue;
        batch.push(event);
        if (batch.length >= batchSize || sub.readableLength === 0) {
          const ready = batch;
          batch = [];
          await deliver(ready);
        }
      }
      if (batch.length > 0 && !stopped) await deliver(batch);
    } finally {
      current = null;
      await sub.unsubscribe().catch(() => undefined);
    }
  };

  const run = async (): Promise<void> => {
    while (!stopped) {
      try {
        await once();
      } catch (error) {
        if (stopped) break;
        options.onError?.(error);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.retryDelayMs);
          wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeRetry = null;
      }
    }
  };

  const loop = run();
  return {
    async stop() {
      stopped = true;
      wakeRetry?.();
      // Ends the for-await once the handler in flight (if any) has returned.
      await (current as AllStreamSubscription | null)?.unsubscribe().catch(() => undefined);
      await loop;
    },
  };
}

// The embedded default: one process, so a bus is a map of topic → handlers. Handlers run after
// publish resolves' microtask so a slow subscriber cannot stall the projector's commit path;
// per-key order holds because delivery is sequential per bus.
import type { Bus, BusHandler, BusHealth } from './port.ts';

export type HandlerErrorSink = (topic: string, error: unknown) => void;

export class InMemoryBus implements Bus {
  private readonly handlers = new Map<string, Set<BusHandler<unknown>>>();
  private queue: Promise<void> = Promise.resolve();

  /** `onHandlerError`: where a failing subscriber is reported (the app passes its logger). */
  constructor(private readonly onHandlerError: HandlerErrorSink = (topic, error) => console.error(`bus handler on ${topic} failed`, error)) {}

  health(): BusHealth {
    return { connected: true };
  }

  async publish<T>(topic: string, key: string, message: T): Promise<void> {
    const targets = [...(this.handlers.get(topic) ?? [])];
    this.queue = this.queue.then(async () => {
      for (const handler of targets) {
        try {
          await handler(message, key);
        } catch (error) {
          // One failing subscriber must not stop delivery to the others.
          this.onHandlerError(topic, error);
        }
      }
    });
  }

  subscribe<T>(topic: string, handler: BusHandler<T>): () => void {
    const set = this.handlers.get(topic) ?? new Set();
    set.add(handler as BusHandler<unknown>);
    this.handlers.set(topic, set);
    return () => set.delete(handler as BusHandler<unknown>);
  }

  /** Resolves when everything published so far has been delivered (tests, shutdown). */
  drain(): Promise<void> {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.queue;
    this.handlers.clear();
  }
}

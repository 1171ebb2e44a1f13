// The subscriptions an adapter has handed out, so close() can stop them all first. Shared by both
// adapters: each wraps its own subscription in track().
import type { Subscription } from './port.ts';

export class SubscriptionRegistry {
  private readonly live = new Set<Subscription>();

  track(inner: Subscription): Subscription {
    const subscription: Subscription = {
      stop: async () => {
        this.live.delete(subscription);
        await inner.stop();
      },
    };
    this.live.add(subscription);
    return subscription;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.stop()));
  }
}

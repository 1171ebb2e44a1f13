// DebateChanged goes out after the read models committed. A publish the bus refused (the Kafka
// broker away: kafkajs gives up after about 9 s of retries) used to be logged and dropped, and
// the nodes then learnt of that debate's change with its next one, or never: a debate nobody
// touched after a broker outage stayed stale on every node. The newest refused change of each
// debate is kept and sent again until the bus takes it; an older one goes when a newer one of
// the same debate is sent (consumers drop positions at or below what they have anyway).
import { DEBATE_CHANGES_TOPIC, type DebateChanged } from '@booktalk/contracts';
import type { Bus } from '@booktalk/bus';
import type { Logger } from './startProjections.ts';

export class ChangePublisher {
  /** debateId → its newest change the bus has not taken yet. */
  private readonly unsent = new Map<string, DebateChanged>();
  private retrying: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly retryDelayMs = 1_000,
  ) {}

  /** All at once, not one after another: the Kafka bus sends the publishes made meanwhile in one request. */
  async publish(messages: readonly DebateChanged[]): Promise<void> {
    await Promise.all(messages.map((message) => this.send(message)));
  }

  /** Changes waiting to be sent again (metrics, tests). */
  pending(): number {
    return this.unsent.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async send(message: DebateChanged): Promise<void> {
    try {
      await this.bus.publish(DEBATE_CHANGES_TOPIC, message.debateId, message);
      const waiting = this.unsent.get(message.debateId);
      if (waiting && BigInt(waiting.position) <= BigInt(message.position)) this.unsent.delete(message.debateId);
    } catch (error) {
      const waiting = this.unsent.get(message.debateId);
      if (!waiting) this.logger.error({ err: error, debateId: message.debateId }, 'publishing DebateChanged failed; sending it again until the bus takes it');
      if (!waiting || BigInt(waiting.position) < BigInt(message.position)) this.unsent.set(message.debateId, message);
      this.scheduleRetry();
    }
  }

  /** One retry round at a time: each takes as long as the bus's own retries when it fails. */
  private scheduleRetry(): void {
    if (this.stopped || this.timer || this.retrying) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const round = [...this.unsent.values()];
      this.retrying = this.publish(round).finally(() => {
        this.retrying = null;
        if (this.unsent.size > 0) this.scheduleRetry();
        else if (round.length > 0) this.logger.info({ debates: round.length }, 'DebateChanged sent again after the bus refused it');
      });
    }, this.retryDelayMs);
    this.timer.unref();
  }
}

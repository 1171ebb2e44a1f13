// Sends the adapters' messages in the background (see KafkaAdapter.doPublish for why nothing
// waits for Kafka). While Kafka fails, one error says so and one warning says when it works
// again, instead of a line per message; the messages in flight are bounded, so an outage cannot
// grow memory without limit.
import type { ClusterMessage, ClusterResponse, ServerId } from 'socket.io-adapter';
import type { BusLogger } from '../kafka/log.ts';
import type { ClusterRecord } from './clusterTransport.ts';
import { encodeClusterValue } from './codec.ts';

export class ClusterPublisher {
  private inFlight = 0;
  private failing = false;
  private dropped = 0;
  private stopped = false;

  constructor(
    private readonly publish: (record: ClusterRecord) => Promise<void>,
    private readonly logger: BusLogger,
    private readonly maxInFlight = 10_000,
  ) {}

  /** `to` addresses a response to the requesting adapter's uid. */
  send(message: ClusterMessage | ClusterResponse, to?: ServerId): void {
    if (this.stopped) return; // e.g. io.close() after the factory's close: nobody left to tell
    let value: string;
    try {
      value = encodeClusterValue(message);
    } catch (error) {
      this.logger.error(`socket.io adapter: message of type ${message.type} not encodable; dropped`, { nsp: message.nsp, error });
      return;
    }
    if (this.inFlight >= this.maxInFlight) {
      if (this.dropped++ === 0) this.logger.error(`socket.io adapter: ${this.maxInFlight} messages wait for Kafka; dropping new ones`);
      return;
    }
    this.inFlight++;
    this.publish({ nsp: message.nsp, to, value })
      .then(
        () => this.recovered(),
        (error: unknown) => this.failed(error),
      )
      .finally(() => this.inFlight--);
  }

  /** Later sends are ignored; what is in flight still goes out (the transport flushes it). */
  stop(): void {
    this.stopped = true;
  }

  private recovered(): void {
    if (!this.failing && this.dropped === 0) return;
    this.logger.warn('socket.io adapter: publishing to Kafka again', { dropped: this.dropped });
    this.failing = false;
    this.dropped = 0;
  }

  private failed(error: unknown): void {
    if (this.failing || this.stopped) return;
    this.failing = true;
    this.logger.error('socket.io adapter: publishing to Kafka failed; other nodes miss messages until it recovers', { error });
  }
}

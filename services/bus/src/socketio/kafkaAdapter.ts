// One namespace's socket.io adapter. ClusterAdapterWithHeartbeat does the cluster protocol
// (broadcast, rooms, fetchSockets, disconnectSockets, serverSideEmit, heartbeats, node expiry);
// this class only hands its messages to the node's shared Kafka link.
import {
  ClusterAdapterWithHeartbeat,
  type ClusterAdapterOptions,
  type ClusterMessage,
  type ClusterResponse,
  type Offset,
  type ServerId,
} from 'socket.io-adapter';

/** What the adapter needs of a socket.io Namespace (structural, so src needs no socket.io). */
export interface AdapterNamespace {
  readonly name: string;
}

/** The node-wide side: one Kafka transport shared by every namespace's adapter. */
export interface AdapterLink {
  /**
   * Queues the message for Kafka and returns at once; failures are the link's to report.
   * `to` addresses a response to the requesting adapter's uid.
   */
  send(message: ClusterMessage | ClusterResponse, to?: ServerId): void;
  detach(adapter: KafkaAdapter): void;
}

export class KafkaAdapter extends ClusterAdapterWithHeartbeat {
  private closed = false;

  constructor(
    nsp: AdapterNamespace,
    options: ClusterAdapterOptions,
    private readonly link: AdapterLink,
  ) {
    super(nsp, options);
  }

  /** This adapter's id in the cluster: responses addressed to it carry it as `to`. */
  get serverUid(): ServerId {
    return this.uid;
  }

  // The base class awaits this before it delivers a broadcast (or applies a join, leave or
  // disconnect) locally, only to learn the offset for connection state recovery, which this
  // adapter refuses (see createKafkaAdapter). Resolving at once keeps local clients served
  // without waiting for the broker, and served at all while it is down.
  protected override doPublish(message: ClusterMessage): Promise<Offset> {
    this.link.send(message);
    return Promise.resolve('');
  }

  protected override doPublishResponse(requesterUid: ServerId, response: ClusterResponse): Promise<void> {
    this.link.send(response, requesterUid);
    return Promise.resolve();
  }

  /** Called by io.close() (and the factory's close): says goodbye (ADAPTER_CLOSE), stops timers. */
  override close(): void {
    if (this.closed) return;
    this.closed = true;
    super.close();
    this.link.detach(this);
  }
}

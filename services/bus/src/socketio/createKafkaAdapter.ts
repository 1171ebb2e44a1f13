// The socket.io adapter over Kafka: `io.adapter(await createKafkaAdapter({...}))`. One Kafka
// transport per node, shared by the adapters of all its namespaces, routed by namespace name.
import { Kafka } from 'kafkajs';
import type { ClusterMessage } from 'socket.io-adapter';
import { consoleBusLogger, KAFKA_LOG_LEVEL, kafkaLogCreator, type BusLogger } from '../kafka/log.ts';
import { KafkaClusterTransport, type ClusterRecord } from './clusterTransport.ts';
import { ClusterPublisher } from './clusterPublisher.ts';
import { decodeClusterValue } from './codec.ts';
import { KafkaAdapter, type AdapterLink, type AdapterNamespace } from './kafkaAdapter.ts';

export const DEFAULT_SOCKETIO_TOPIC = 'booktalk.socketio';

export type KafkaAdapterOptions = (
  | { brokers: readonly string[]; kafka?: undefined }
  /** A caller-built client (TLS, SASL, …); its own logging settings stay as they are. */
  | { kafka: Kafka; brokers?: undefined }
) & {
  /** Unique per running process; names its consumer group and keys its records. */
  nodeId: string;
  /** Default `booktalk.socketio`. Created with 1 partition and 1 h retention when missing. */
  topic?: string;
  logger?: BusLogger;
  /** ms between two heartbeats of an idle node (default 5,000). */
  heartbeatInterval?: number;
  /** ms without any message after which a node counts as gone (default 10,000). */
  heartbeatTimeout?: number;
  clientId?: string;
  partitions?: number;
  replicationFactor?: number;
  maxWaitTimeInMs?: number;
  readyTimeoutMs?: number;
  /** Consumer group session timeout (default 10,000): bounds recovery after a broker restart. */
  sessionTimeoutMs?: number;
  /** Messages waiting for Kafka beyond which new ones are dropped (default 10,000). */
  maxInFlight?: number;
};

/** What `io.adapter()` (or `new Server({ adapter })`) takes, plus the node-wide close. */
export interface KafkaAdapterFactory {
  (nsp: AdapterNamespace): KafkaAdapter;
  readonly topic: string;
  readonly nodeId: string;
  /** Closes the namespaces' adapters still open (goodbye to the others), then the Kafka clients. */
  close(): Promise<void>;
}

/**
 * Connects, creates the topic when missing and resolves once this node's consumer fetches from
 * the live end, so a node that awaits it before listening misses no cluster message.
 */
export async function createKafkaAdapter(options: KafkaAdapterOptions): Promise<KafkaAdapterFactory> {
  const topic = options.topic ?? DEFAULT_SOCKETIO_TOPIC;
  validate(options, topic);
  const logger = options.logger ?? consoleBusLogger;
  const heartbeat = {
    heartbeatInterval: options.heartbeatInterval ?? 5_000,
    heartbeatTimeout: options.heartbeatTimeout ?? 10_000,
  };
  const kafka =
    options.kafka ??
    new Kafka({
      clientId: options.clientId ?? `booktalk-socketio-${options.nodeId}`,
      brokers: [...(options.brokers ?? [])],
      logLevel: KAFKA_LOG_LEVEL,
      logCreator: kafkaLogCreator(logger),
    });
  const adapters = new Map<string, KafkaAdapter>();

  const transport = new KafkaClusterTransport(
    {
      kafka,
      topic,
      nodeId: options.nodeId,
      logger,
      partitions: options.partitions,
      replicationFactor: options.replicationFactor,
      maxWaitTimeInMs: options.maxWaitTimeInMs,
      readyTimeoutMs: options.readyTimeoutMs,
      sessionTimeoutMs: options.sessionTimeoutMs,
    },
    (record) => receive(record),
  );

  function receive({ nsp, to, value }: ClusterRecord): void {
    const adapter = adapters.get(nsp);
    // Another namespace, or a response to another node: skipped before anything is decoded.
    if (!adapter || (to !== undefined && to !== adapter.serverUid)) return;
    let message: ClusterMessage;
    try {
      message = decodeClusterValue(value) as ClusterMessage;
    } catch (error) {
      logger.error(`socket.io adapter: undecodable record on ${topic} skipped`, { nsp, error });
      return;
    }
    adapter.onMessage(message);
  }

  const publisher = new ClusterPublisher((record) => transport.publish(record), logger, options.maxInFlight);
  const link: AdapterLink = {
    send: (message, to) => publisher.send(message, to),
    detach: (adapter) => {
      if (adapters.get(adapter.nsp.name) === adapter) adapters.delete(adapter.nsp.name);
    },
  };

  let closed = false;
  // A plain function, not an arrow: socket.io calls it with `new`, which returns the object.
  const factory = function (nsp: AdapterNamespace): KafkaAdapter {
    if (closed) throw new Error('socket.io Kafka adapter is closed');
    if (hasConnectionStateRecovery(nsp)) {
      // Recovery needs a replay of missed packets by offset, which this adapter does not keep.
      throw new Error('socket.io Kafka adapter: connectionStateRecovery is not supported; leave it off');
    }
    if (adapters.has(nsp.name)) {
      // Records are routed by namespace name: a second Server on this factory would take the
      // first one's messages. Each Server needs its own createKafkaAdapter.
      throw new Error(`socket.io Kafka adapter: namespace ${nsp.name} already has an adapter; one createKafkaAdapter per Server`);
    }
    const adapter = new KafkaAdapter(nsp, heartbeat, link);
    adapters.set(nsp.name, adapter);
    return adapter;
  };

  try {
    await transport.start();
  } catch (error) {
    await transport.close();
    throw error;
  }

  return Object.assign(factory, {
    topic,
    nodeId: options.nodeId,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const adapter of [...adapters.values()]) adapter.close();
      publisher.stop(); // the goodbyes are queued already; the transport's close flushes them
      await transport.close();
    },
  });
}

function validate(options: KafkaAdapterOptions, topic: string): void {
  const fail = (what: string) => {
    throw new Error(`createKafkaAdapter: ${what}`);
  };
  if (!options.kafka && !(options.brokers && options.brokers.length > 0)) fail('give `brokers` (non-empty) or `kafka`');
  if (typeof options.nodeId !== 'string' || options.nodeId.trim() === '') fail('`nodeId` must be a non-empty string');
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) fail(`\`topic\` ${JSON.stringify(topic)} is not a valid Kafka topic name`);
  const { heartbeatInterval: interval = 5_000, heartbeatTimeout: timeout = 10_000 } = options;
  if (!(Number.isFinite(interval) && interval > 0)) fail('`heartbeatInterval` must be a positive number of ms');
  if (!(Number.isFinite(timeout) && timeout > interval)) fail('`heartbeatTimeout` must be longer than `heartbeatInterval`');
}

function hasConnectionStateRecovery(nsp: AdapterNamespace): boolean {
  const server = (nsp as { server?: { opts?: { connectionStateRecovery?: unknown } } }).server;
  return Boolean(server?.opts?.connectionStateRecovery);
}

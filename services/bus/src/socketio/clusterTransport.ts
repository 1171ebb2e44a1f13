// Moves encoded cluster messages between socket.io nodes over one Kafka topic. Every node reads
// the whole topic (fan-out), so each transport consumes in a consumer group of its own.
//
// Responses (fetchSockets answers, serverSideEmit acks) go on the same topic, addressed by a `to`
// header that the other nodes check before decoding anything. A per-node response topic would
// save those nodes one skipped record per response, but each process would have to create a
// topic at start (seconds on a loaded broker, and admin rights) and leave it behind when it
// crashes; with the few signaling nodes we run, one topic is cheaper. The official Redis Streams
// adapter makes the same choice.
import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import type { BusLogger } from '../kafka/log.ts';
import { restartOnGiveUp } from '../kafka/restartOnGiveUp.ts';
import { FETCH_WAIT_MS, runBatched } from '../kafka/runBatched.ts';
import { endOffsets, seedCommits } from '../kafka/seedCommits.ts';
import { SendQueue } from '../kafka/sendQueue.ts';
import { positioned } from '../kafkaBus.ts';
import { ensureClusterTopic, type ClusterTopicOptions } from './clusterTopic.ts';

export interface ClusterRecord {
  nsp: string;
  /** The requester's adapter uid, for responses; absent for messages to every node. */
  to: string | undefined;
  value: string;
}

export interface ClusterTransportOptions extends ClusterTopicOptions {
  kafka: Kafka;
  topic: string;
  nodeId: string;
  logger: BusLogger;
  groupPrefix?: string;
  /** Broker long-poll bound when idle (default FETCH_WAIT_MS, 50 ms); also bounds how long start() and close() take. */
  maxWaitTimeInMs?: number;
  /** start() fails when the consumer is not fetching by then (default 30 s). */
  readyTimeoutMs?: number;
  /** Consumer group session timeout (default 10 s); bounds recovery after a broker restart. */
  sessionTimeoutMs?: number;
}

export class KafkaClusterTransport {
  /** Unique per process start: names the consumer group and marks this transport's records. */
  readonly instanceId = randomUUID();
  readonly groupId: string;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly sendQueue: SendQueue;
  /** Highest offset handled per partition: a rejoin after a broker outage may redeliver. */
  private readonly handled = new Map<number, bigint>();
  private closed = false;
  private readonly stopRestarts: () => void;

  constructor(
    private readonly options: ClusterTransportOptions,
    private readonly deliver: (record: ClusterRecord) => void,
  ) {
    const { kafka, nodeId, topic } = options;
    // A group per process start, not per node id: a restarted node must begin at the live end
    // (replaying old broadcasts or disconnectSockets to new sockets would be wrong), and must not
    // wait for its dead predecessor's session to time out before it can join.
    this.groupId = `${options.groupPrefix ?? 'booktalk-socketio'}.${nodeId}.${this.instanceId}`;
    this.admin = kafka.admin();
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? FETCH_WAIT_MS,
      // After a broker restart kafkajs rejoins under a new member id, and the coordinator waits
      // for the old one's session to expire before the group (of one) can fetch again: with the
      // 30 s default that was 30 s of lost cross-node messages. 6 s is the broker's minimum.
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
    });
    this.sendQueue = new SendQueue(this.producer);
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      options.logger.error(`socket.io adapter consumer on ${topic} crashed`, {
        error: payload.error,
        restart: payload.restart,
      });
    });
    // Without it, a crash kafkajs gives up on would leave this node deaf to the others for good.
    this.stopRestarts = restartOnGiveUp(this.consumer, () => this.runConsumer(), {
      what: `socket.io adapter consumer on ${topic}`,
      logger: options.logger,
      closed: () => this.closed,
    });
  }

  /** Resolves once the consumer has joined and fetches from the live end: the node may serve. */
  async start(): Promise<void> {
    const { topic } = this.options;
    await Promise.all([this.admin.connect(), this.producer.connect()]);
    await ensureClusterTopic(this.admin, topic, this.options);
    // The group's start offsets committed right after its first join: a rejoin after a broker
    // restart resumes there, not at the end past what was sent meanwhile (kafka/seedCommits.ts).
    const warn = (error: unknown) => this.options.logger.warn(`socket.io adapter: start offsets on ${topic} not committed; a rejoin may skip messages`, { error });
    const ends = await endOffsets(this.admin, topic).catch((error: unknown) => (warn(error), []));
    const ready = positioned(this.consumer).then(() => seedCommits(this.admin, this.consumer, this.groupId, topic, ends).catch(warn));
    await this.runConsumer();
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`socket.io Kafka adapter: consumer on ${topic} not fetching after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([ready, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connects, subscribes and runs the consumer (at start, and again after a crash kafkajs gave up on). */
  private async runConsumer(): Promise<void> {
    const { topic } = this.options;
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: false });
    await runBatched(this.consumer, {
      // Offsets are committed (about once a second) only so that a rejoin after a broker outage
      // resumes where it was instead of skipping to the end; the group dies with the process.
      commitEveryMs: 1_000,
      eachMessage: (message, partition) => {
        const offset = BigInt(message.offset);
        if (offset <= (this.handled.get(partition) ?? -1n)) return;
        this.handled.set(partition, offset);
        const headers = message.headers ?? {};
        if (header(headers, 'from') === this.instanceId || !message.value) return;
        try {
          this.deliver({ nsp: header(headers, 'nsp') ?? '', to: header(headers, 'to'), value: message.value.toString() });
        } catch (error) {
          // Never rethrow: kafkajs would redeliver the record forever and stall the partition.
          this.options.logger.error(`socket.io adapter: record on ${topic} not handled`, {
            partition,
            offset: message.offset,
            error,
          });
        }
      },
    });
  }

  /** Resolves when the broker has the record (after kafkajs' retries), rejects otherwise. */
  publish(record: ClusterRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('socket.io Kafka adapter is closed'));
    const headers: IHeaders = { from: this.instanceId, nsp: record.nsp };
    if (record.to !== undefined) headers.to = record.to;
    // Keyed by node: should the topic have several partitions, each node's messages keep order.
    return this.sendQueue.send(this.options.topic, { key: this.options.nodeId, value: record.value, headers });
  }

  /** Flushes what was published (the adapters' goodbyes), leaves the group and deletes it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopRestarts();
    await this.sendQueue.drain();
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect()]);
    try {
      await this.admin.deleteGroups([this.groupId]);
    } catch (error) {
      // Harmless leftover: an empty group expires with its offsets (offsets.retention.minutes).
      this.options.logger.warn(`socket.io adapter: consumer group ${this.groupId} not deleted`, { error });
    }
    await this.admin.disconnect().catch(() => {});
  }
}

function header(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

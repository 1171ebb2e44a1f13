// The scaled bus: Kafka topics keyed by debateId, so every change of one debate lands on one
// partition and keeps its order. Every signaling node must see every message (it pushes to its
// own sockets), so this is fan-out, not work sharing: each KafkaBus instance consumes in its
// own consumer group and is therefore assigned every partition.
import { Kafka, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { consoleBusLogger, KAFKA_LOG_LEVEL, kafkaLogCreator, type BusLogger } from './kafka/log.ts';
import { restartOnGiveUp } from './kafka/restartOnGiveUp.ts';
import { watchResumes } from './kafka/resumeWatch.ts';
import { FETCH_WAIT_MS, runBatched } from './kafka/runBatched.ts';
import { endOffsets, seedCommits } from './kafka/seedCommits.ts';
import { SendQueue } from './kafka/sendQueue.ts';
import { waitForTopicLeaders } from './kafka/waitForTopic.ts';
import type { Bus, BusHandler, BusHealth } from './port.ts';

export interface KafkaBusOptions {
  brokers: readonly string[];
  clientId: string;
  /** Unique per running process: it names this node's consumer groups. */
  nodeId: string;
  groupPrefix?: string;
  /** Used when this bus creates a topic (default 6 partitions, replication 1). */
  partitions?: number;
  replicationFactor?: number;
  /** Topics to create on start (others are created on first publish/subscribe). */
  topics?: readonly string[];
  /** Broker long-poll bound when idle; also bounds how long ready() takes (default FETCH_WAIT_MS, 50 ms). */
  maxWaitTimeInMs?: number;
  logger?: BusLogger;
}

interface TopicConsumer {
  consumer: Consumer;
  /** Resolves once the consumer has joined and resolved its start offsets (see ready()). */
  ready: Promise<void>;
}

export class KafkaBus implements Bus {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly sendQueue: SendQueue;
  private readonly logger: BusLogger;
  private readonly handlers = new Map<string, Set<BusHandler<unknown>>>();
  private readonly resumeListeners = new Map<string, Set<() => void>>();
  private readonly consumers = new Map<string, Promise<TopicConsumer>>();
  private readonly topicsCreated = new Map<string, Promise<void>>();
  private started: Promise<void> | null = null;
  private closed = false;
  /** Per topic: when its consumer last fetched (0 after a crash, with the error). */
  private readonly lastFetch = new Map<string, { at: number; error?: string }>();

  constructor(private readonly options: KafkaBusOptions) {
    this.logger = options.logger ?? consoleBusLogger;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: KAFKA_LOG_LEVEL,
      logCreator: kafkaLogCreator(this.logger),
    });
    this.admin = this.kafka.admin();
    // Java-compatible murmur2 on the key: the same debate maps to the same partition whoever
    // publishes. Topics are created here with the right partition count, never auto-created.
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    this.sendQueue = new SendQueue(this.producer);
  }

  /** Connects and creates the configured topics. Idempotent; publish/subscribe call it too. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await Promise.all([this.admin.connect(), this.producer.connect()]);
      await Promise.all((this.options.topics ?? []).map((t) => this.ensureTopic(t)));
    })();
    return this.started;
  }

  async publish<T>(topic: string, key: string, message: T): Promise<void> {
    if (this.closed) throw new Error('KafkaBus is closed');
    await this.start();
    await this.ensureTopic(topic);
    await this.sendQueue.send(topic, { key, value: JSON.stringify(message) });
  }

  subscribe<T>(topic: string, handler: BusHandler<T>): () => void {
    if (this.closed) throw new Error('KafkaBus is closed');
    const set = this.handlers.get(topic) ?? new Set();
    set.add(handler as BusHandler<unknown>);
    this.handlers.set(topic, set);
    if (!this.consumers.has(topic)) {
      const starting = this.startConsumer(topic);
      // The port's subscribe is synchronous: a failed start is logged, and ready() rejects.
      starting.catch((error: unknown) =>
        this.logger.error(`bus consumer for ${topic} failed to start`, { error }),
      );
      this.consumers.set(topic, starting);
    }
    // The consumer stays in the group when the last handler leaves: rejoining costs seconds,
    // and a message nobody handles is simply dropped.
    return () => set.delete(handler as BusHandler<unknown>);
  }

  /**
   * `listener` runs whenever this topic's consumer fetches again after a gap in which messages
   * may have been missed (a crash, a group rejoin, a silent broker): see kafka/resumeWatch.ts.
   */
  onResumed(topic: string, listener: () => void): () => void {
    const set = this.resumeListeners.get(topic) ?? new Set();
    set.add(listener);
    this.resumeListeners.set(topic, set);
    return () => set.delete(listener);
  }

  /**
   * Resolves when every subscribed topic's consumer is positioned: messages published after
   * this are delivered. Before it, a message can fall before the "latest" start offset. Once
   * it resolves, a rejoin of the group never starts past a message it has not delivered.
   */
  async ready(): Promise<void> {
    await Promise.all([...this.consumers.values()].map(async (c) => (await c).ready));
  }

  /** Connected when every subscribed topic's consumer fetched within the last 15 s. */
  health(): BusHealth {
    const now = Date.now();
    for (const topic of this.consumers.keys()) {
      const last = this.lastFetch.get(topic);
      if (!last) return { connected: false, detail: `consumer of ${topic} has not fetched yet` };
      if (now - last.at > 15_000) {
        return {
          connected: false,
          detail: last.error
            ? `consumer of ${topic} crashed: ${last.error}`
            : `no fetch from the broker for ${topic} in ${Math.round((now - last.at) / 1000)} s`,
        };
      }
    }
    return { connected: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sendQueue.drain();
    const consumers = await Promise.allSettled(this.consumers.values());
    await Promise.allSettled(
      consumers.flatMap((c) => (c.status === 'fulfilled' ? [c.value.consumer.disconnect()] : [])),
    );
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    this.handlers.clear();
    this.resumeListeners.clear();
  }

  private ensureTopic(topic: string): Promise<void> {
    let created = this.topicsCreated.get(topic);
    if (!created) {
      // Look first: createTopics on an existing topic succeeds (answers false) but kafkajs logs
      // the broker's TOPIC_ALREADY_EXISTS at error level on every node start. Two nodes racing
      // past the check is still safe, only noisy once.
      created = this.admin.listTopics().then(async (existing) => {
        if (!existing.includes(topic)) await this.createTopic(topic);
        await waitForTopicLeaders(this.admin, topic);
      });
      created.catch(() => this.topicsCreated.delete(topic)); // let a later call retry
      this.topicsCreated.set(topic, created);
    }
    return created;
  }

  private async createTopic(topic: string): Promise<void> {
    await this.admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: this.options.partitions ?? 6,
          replicationFactor: this.options.replicationFactor ?? 1,
        },
      ],
      // kafkajs' own wait gives up on the first "does not host this topic-partition" a loaded
      // broker answers while the topic is being created; waitForTopicLeaders retries that.
      waitForLeaders: false,
    });
  }

  private async startConsumer(topic: string): Promise<TopicConsumer> {
    await this.start();
    await this.ensureTopic(topic);
    // One group per node AND topic: kafkajs' assigners expect every member of a group to
    // subscribe to the same topics, and a group of one member gets every partition (fan-out).
    // A restarted node with the same id resumes from its committed offsets (a short catch-up;
    // consumers drop stale messages by position). A brand-new group starts from the latest
    // offset: this is live state fan-out, not a log to replay, and a node that just joined
    // loads current state from the read models anyway.
    const groupId = `${this.options.groupPrefix ?? 'booktalk-bus'}.${this.options.nodeId}.${topic}`;
    // Read before the first join, committed right after it (see kafka/seedCommits.ts).
    const ends = await endOffsets(this.admin, topic).catch((error: unknown) => {
      this.logger.warn(`bus consumer for ${topic} could not read the end offsets; a rejoin may skip messages`, { error });
      return [];
    });
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? FETCH_WAIT_MS,
      // After a broker restart the group rejoins once its session times out: 10 s rather than
      // kafkajs' 30 s, as the socket.io adapter does, so state comes back with the relays.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    const ready = positioned(consumer).then(() =>
      seedCommits(this.admin, consumer, groupId, topic, ends).catch((error: unknown) =>
        this.logger.warn(`bus consumer for ${topic} could not commit its start offsets; a rejoin may skip messages`, { error }),
      ),
    );
    watchResumes(consumer, () => {
      for (const listener of [...(this.resumeListeners.get(topic) ?? [])]) {
        try {
          listener();
        } catch (error) {
          this.logger.error(`bus resume listener on ${topic} failed`, { error });
        }
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.lastFetch.set(topic, { at: 0, error: String(payload.error?.message ?? payload.error) });
      this.logger.error(`bus consumer for ${topic} crashed`, {
        error: payload.error,
        restart: payload.restart,
      });
    });
    // An idle consumer still fetches every maxWaitTimeInMs: a long silence means no broker.
    consumer.on(consumer.events.FETCH, () => this.lastFetch.set(topic, { at: Date.now() }));
    const run = async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      await runBatched(consumer, {
        // One message at a time per partition: per-key order reaches handlers.
        eachMessage: async (message, partition) => {
          const key = message.key?.toString() ?? '';
          let value: unknown;
          try {
            value = JSON.parse(message.value?.toString() ?? 'null');
          } catch (error) {
            this.logger.error(`bus message on ${topic} is not JSON; skipped`, {
              partition,
              offset: message.offset,
              error,
            });
            return;
          }
          for (const handler of [...(this.handlers.get(topic) ?? [])]) {
            try {
              await handler(value, key);
            } catch (error) {
              // Never rethrow: kafkajs would re-deliver the message forever and stall the partition.
              this.logger.error(`bus handler on ${topic} failed`, {
                key,
                partition,
                offset: message.offset,
                error,
              });
            }
          }
        },
      });
    };
    restartOnGiveUp(consumer, run, { what: `bus consumer for ${topic}`, logger: this.logger, closed: () => this.closed });
    await run();
    return { consumer, ready };
  }
}

/**
 * The first fetch after a group join: kafkajs resolves start offsets ("latest" for a new
 * group) inside that fetch, so GROUP_JOIN alone is too early to publish and expect delivery.
 */
export function positioned(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => {
    let joined = false;
    const offJoin = consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    const offFetch = consumer.on(consumer.events.FETCH, () => {
      if (!joined) return;
      offJoin();
      offFetch();
      resolve();
    });
  });
}

// KafkaBus through a broker outage, on a broker of this suite's own (never the shared one): the
// consumer crashes while the broker is away and rejoins its group after it is back. Messages
// published meanwhile must still arrive (a rejoin used to start every partition the group had
// not committed at "latest", past them), and subscribers hear that delivery resumed so they
// can re-read what a publisher may have dropped during the outage.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus, type BusLogger } from '../src/index.ts';
import { ownBrokerUnavailable, startOwnBroker, type OwnBroker } from './socketio/support/ownBroker.ts';

const unavailable = ownBrokerUnavailable();
if (unavailable) {
  if (process.env.CI === 'true') throw new Error(`the bus broker restart test needs its own Kafka broker: ${unavailable}`);
  console.warn(`skipping the bus broker restart suite: ${unavailable}`);
}

const until = async (check: () => boolean, what: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(unavailable !== null)('KafkaBus: broker stopped and restarted', () => {
  const lines: string[] = [];
  const note = (level: string) => (message: string, details?: Record<string, unknown>) => {
    const error = details?.error as { message?: string } | undefined;
    lines.push(`${level}: ${message}${error?.message ? ` (${error.message})` : ''}`);
  };
  const logger: BusLogger = { warn: note('warn'), error: note('error') };
  const topic = `bus-restart-${randomUUID().slice(0, 8)}`;
  const keys = Array.from({ length: 12 }, (_, i) => `debate-${i}`);
  let broker: OwnBroker;
  let consumer: KafkaBus;
  let publisher: KafkaBus;
  const seen: string[] = [];
  let resumes = 0;
  let resumesAfterRestart = 0;
  /** The consumer group's committed offset per partition once ready() resolved (-1: none). */
  let committedAtReady: number[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    broker = await startOwnBroker();
    const bus = (nodeId: string) => new KafkaBus({ brokers: broker.brokers, clientId: nodeId, nodeId, topics: [topic], partitions: 3, maxWaitTimeInMs: 100, logger });
    const consumerId = `consumer-${randomUUID().slice(0, 8)}`;
    consumer = bus(consumerId);
    publisher = bus(`publisher-${randomUUID().slice(0, 8)}`);
    consumer.subscribe<{ n: string }>(topic, (m) => void seen.push(m.n));
    consumer.onResumed(topic, () => resumes++);
    await Promise.all([consumer.ready(), publisher.start()]);
    const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId: `booktalk-bus.${consumerId}.${topic}`, topics: [topic] });
    committedAtReady = (offsets?.partitions ?? []).map((p) => Number(p.offset));
    await admin.disconnect();

    // Delivered within a second of the join, on one partition only: before the fix nothing was
    // committed yet (the bus commits at most once a second), so no partition had a commit.
    await publisher.publish(topic, keys[0]!, { n: 'before' });
    await until(() => seen.includes('before'), 'the message before the outage', 10_000);

    // The consumer gives up on the absent broker (kafkajs restarts it): it will join again.
    const crashes = () => lines.filter((l) => l.includes(`bus consumer for ${topic} crashed`)).length;
    const crashesBefore = crashes();
    const stoppedAt = Date.now();
    await broker.stop();
    await until(() => crashes() > crashesBefore, 'the consumer to crash without its broker', 60_000);
    await broker.start();
    const restartedAt = Date.now();
    timings.outageMs = restartedAt - stoppedAt;
    const resumesBefore = resumes;

    // Published as soon as the broker takes them, while the consumer is still rejoining.
    for (const key of keys) {
      for (;;) {
        try {
          await publisher.publish(topic, key, { n: `after ${key}` });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    timings.publishedMs = Date.now() - restartedAt;
    await until(() => keys.every((k) => seen.includes(`after ${k}`)), 'every message published after the restart', 60_000).catch(() => undefined);
    timings.deliveredMs = Date.now() - restartedAt;
    await until(() => resumes > resumesBefore, 'the consumer to report that delivery resumed', 30_000).catch(() => undefined);
    timings.resumedMs = Date.now() - restartedAt;
    resumesAfterRestart = resumes - resumesBefore;
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled([consumer?.close(), publisher?.close()]);
    await broker?.dispose();
  }, 60_000);

  it('has a committed offset on every partition once ready, so a rejoin never starts at "latest"', () => {
    expect(committedAtReady).toHaveLength(3);
    expect(committedAtReady.every((o) => o >= 0), committedAtReady.join(',')).toBe(true);
  });

  it('delivers every message published while the consumer rejoins its group after the restart', () => {
    const missing = keys.filter((k) => !seen.includes(`after ${k}`));
    console.log(
      `bus broker restart: outage ${timings.outageMs} ms, ${keys.length} messages published ${timings.publishedMs} ms after the restart, ` +
        `${keys.length - missing.length} delivered (${timings.deliveredMs} ms after the restart); resumes reported after it: ${resumesAfterRestart}; ` +
        `Kafka client log lines:\n  ${[...new Set(lines)].map((l) => `${lines.filter((x) => x === l).length}× ${l}`).join('\n  ')}`,
    );
    expect(missing).toEqual([]);
  });

  it('tells subscribers once delivery resumed after the outage, so they can re-read what they missed', () => {
    expect(resumesAfterRestart).toBeGreaterThan(0);
  });
});

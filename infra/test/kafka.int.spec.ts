// Smoke test: produce → consume through a real broker, on a topic created with the admin
// client (unique name, so runs never see each other's messages). Skips locally with a reason;
// fails under CI=true.
import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaForTests, requireService } from '../src/testing/index.ts';

const broker = requireService(await kafkaForTests(), 'Kafka');

describe.skipIf(!broker)('kafka (real broker)', () => {
  it('round-trips a message via kafkajs', { timeout: 60_000 }, async () => {
    const kafka = new Kafka({ clientId: 'infra-smoke', brokers: broker!.brokers, logLevel: logLevel.WARN });
    const topic = `infra-smoke-${randomUUID()}`;
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: `infra-smoke-${randomUUID()}` });
    try {
      await admin.connect();
      // Not kafkajs' waitForLeaders: it gives up on the first "does not host this topic-partition"
      // a loaded broker answers while the topic is being created. Poll the metadata instead.
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false });
      for (const end = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
        const meta = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
        if ((meta?.topics[0]?.partitions[0]?.leader ?? -1) >= 0) break;
        if (Date.now() > end) throw new Error(`topic ${topic} got no leader within 30 s`);
      }

      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'k1', value: JSON.stringify({ hello: 'kafka' }) }] });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: unknown }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) =>
            resolve({ key: message.key?.toString() ?? '', value: JSON.parse(message.value?.toString() ?? 'null') }),
        });
      });
      await expect(received).resolves.toEqual({ key: 'k1', value: { hello: 'kafka' } });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  });
});

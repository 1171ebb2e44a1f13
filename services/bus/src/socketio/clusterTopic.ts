// The one topic that carries every node's cluster messages. Created here when missing, with a
// short retention: nodes read it from the live end only, so old records are never read again.
import type { Admin } from 'kafkajs';
import { waitForTopicLeaders } from '../kafka/waitForTopic.ts';

export interface ClusterTopicOptions {
  /** Default 1: one partition keeps every sender's messages in order with nothing to route. */
  partitions?: number;
  replicationFactor?: number;
  retentionMs?: number;
}

export async function ensureClusterTopic(admin: Admin, topic: string, options: ClusterTopicOptions = {}): Promise<void> {
  // Look first: creating an existing topic makes kafkajs log TOPIC_ALREADY_EXISTS at error level.
  if (!(await admin.listTopics()).includes(topic)) {
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: options.partitions ?? 1,
          replicationFactor: options.replicationFactor ?? 1,
          configEntries: [{ name: 'retention.ms', value: String(options.retentionMs ?? 60 * 60 * 1000) }],
        },
      ],
      // waitForTopicLeaders retries the transient "does not host this topic-partition" answers.
      waitForLeaders: false,
    });
  }
  await waitForTopicLeaders(admin, topic);
}

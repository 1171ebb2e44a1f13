// A topic that listTopics already names can still be without partition leaders for a moment:
// another node may be creating it right now,
// and a broker under load answers metadata with "This server does not host this topic-partition"
// until the controller's change reaches it. Subscribing or producing in that window fails, so
// every node waits here until each partition of the topic has a leader.
import type { Admin } from 'kafkajs';

export async function waitForTopicLeaders(admin: Admin, topic: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no metadata yet';
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
      const leaderless = partitions.filter((p) => p.leader < 0).length;
      if (partitions.length > 0 && leaderless === 0) return;
      last = partitions.length === 0 ? 'no partitions' : `${leaderless} of ${partitions.length} partitions without a leader`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() + delay > deadline) throw new Error(`Kafka topic ${topic} not ready after ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

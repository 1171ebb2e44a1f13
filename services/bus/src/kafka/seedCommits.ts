// A consumer group starts a partition it never committed at "latest", and kafkajs does so again
// on every later join (a crash it restarts, a rebalance after a broker restart) until the group
// commits there: it marks the resolved "latest" as committed in memory only. The bus commits at
// most once a second and only after a batch, so a partition whose messages all arrived within a
// second of the join, or none at all, stayed uncommitted; after a broker restart the rejoined
// consumer started it at the end again, past every message published while it was rejoining, and
// the node stayed on a stale state (the two-node broker restart fault test, 90 s timeout in CI).
// Committing the end offsets read before the first join closes that: a rejoin resumes at or
// before where the consumer started, and a message delivered again is dropped by its position.
import type { Admin, Consumer } from 'kafkajs';

export interface PartitionOffset {
  partition: number;
  offset: string;
}

/**
 * Before the group's first join: each partition's end offset, at or before where a new consumer
 * starts. A broker that just created the topic may still answer "not the leader" for a moment.
 */
export function endOffsets(admin: Admin, topic: string, attempts = 10): Promise<PartitionOffset[]> {
  return retried(attempts, async () => (await admin.fetchTopicOffsets(topic)).map((e) => ({ partition: e.partition, offset: e.offset })));
}

/**
 * Once the consumer is in the group (after its first fetch, so the group's coordinator is up:
 * on a fresh broker it answers "not the correct coordinator" for a while): commits `ends` for
 * each partition the group has no commit for.
 */
export function seedCommits(admin: Admin, consumer: Consumer, groupId: string, topic: string, ends: readonly PartitionOffset[], attempts = 10): Promise<void> {
  return retried(attempts, async () => {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const missing = new Set((committed?.partitions ?? []).filter((p) => Number(p.offset) < 0).map((p) => p.partition));
    const seeds = ends.filter((e) => missing.has(e.partition));
    if (seeds.length > 0) await consumer.commitOffsets(seeds.map((e) => ({ topic, partition: e.partition, offset: e.offset })));
  });
}

/** kafkajs gives up on these answers at once (they are not retriable to it): a second apart, `attempts` times. */
async function retried<T>(attempts: number, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

// Runs a kafkajs consumer batch by batch, committing offsets at most every `commitEveryMs`.
// Why not `eachMessage`: kafkajs then commits the offsets after every batch of every partition, a
// broker round trip each, and a fetch of six partitions waited for six of them before the next
// fetch. On a loaded node that capped a consumer below 200 messages/s and DebateChanged queued up
// for seconds (benchmark figure 2 across nodes: node 1's consumer ran 3.5–8.8 s behind). The
// handler still sees one message at a time, in partition order; offsets are only a resume point
// after a rejoin, and every consumer here tolerates a message delivered again.
import type { Consumer, KafkaMessage } from 'kafkajs';

/**
 * The consumers' `maxWaitTimeInMs`. In practice it is how long a delivered message may sit
 * before the consumer sees it, not only an idle long-poll bound (kafkajs issues #370 and #1397):
 * at 500 ms, DebateChanged reached the other node 460–730 ms after it was published, at 20 ms
 * 25–85 ms (figure 2 across nodes, 100 clients). An idle consumer pays one fetch per interval.
 */
export const FETCH_WAIT_MS = 50;

export interface RunBatchedOptions {
  /** Handles one message; awaited before the next of the same partition. */
  eachMessage(message: KafkaMessage, partition: number): Promise<void> | void;
  /** Longest time between two commits of consumed offsets (default 1,000 ms). */
  commitEveryMs?: number;
}

export function runBatched(consumer: Consumer, options: RunBatchedOptions): Promise<void> {
  return consumer.run({
    autoCommit: false,
    autoCommitInterval: options.commitEveryMs ?? 1_000,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        await options.eachMessage(message, batch.partition);
        resolveOffset(message.offset);
      }
      // Both are no-ops until their interval has passed (heartbeat: the consumer's heartbeatInterval).
      await heartbeat();
      await commitOffsetsIfNecessary();
    },
  });
}

// Tells a subscriber when delivery resumes after a stretch in which messages may have been lost to
// it, so it can re-read current state instead of waiting for the next message (which may never
// come). Kafka alone does not lose them once the group's offsets are committed (seedCommits.ts),
// but a publisher that gave up while the broker was away dropped its message: the projector
// logs a failed DebateChanged and carries on, and the state it carried only reaches a node that
// reads the read model again.
import type { Consumer } from 'kafkajs';

/**
 * A silence between two fetches this long means the broker was unreachable: an idle consumer
 * fetches every maxWaitTimeInMs (50–100 ms), and a producer gives up only after retrying for
 * about 9 s (kafkajs' default retries), so any outage that lost a publish is far longer.
 */
export const FETCH_GAP_MS = 5_000;

/**
 * Calls `onResumed` at the first fetch after a crash of a consumer that had joined, after any group join but the first, or
 * after a silence of at least `gapMs` between two fetches. A fetch means the consumer is
 * positioned: anything published after a re-read that follows reaches it. Returns the unsubscribe.
 */
export function watchResumes(consumer: Pick<Consumer, 'on' | 'events'>, onResumed: () => void, gapMs = FETCH_GAP_MS): () => void {
  let joined = false;
  let gap = false;
  let lastFetch = 0;
  const offs = [
    // Before the first join nothing was delivered, so nothing was missed.
    consumer.on(consumer.events.CRASH, () => (gap ||= joined)),
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (joined) gap = true;
      joined = true;
    }),
    consumer.on(consumer.events.FETCH, () => {
      const now = Date.now();
      if (lastFetch > 0 && now - lastFetch >= gapMs) gap = true;
      lastFetch = now;
      if (!gap) return;
      gap = false;
      onResumed();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

// Publishes go out one producer request at a time, each carrying everything queued meanwhile.
// One request in flight keeps publish-call order per key even when callers do not await
// (and across kafkajs retries); batching keeps throughput when they publish in bursts.
import type { Message, Producer } from 'kafkajs';

interface Pending {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SendQueue {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly producer: Producer) {}

  send(topic: string, message: Message): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ topic, message, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves once everything queued so far has been sent (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        const byTopic = new Map<string, Message[]>();
        for (const p of batch) {
          const messages = byTopic.get(p.topic);
          if (messages) messages.push(p.message);
          else byTopic.set(p.topic, [p.message]);
        }
        try {
          await this.producer.sendBatch({
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          for (const p of batch) p.resolve();
        } catch (error) {
          // The whole request failed (after kafkajs' own retries): every caller in it learns so.
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

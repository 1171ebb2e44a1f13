// A bounded LRU of folded debate streams, shared by every command of this process (a cache per
// writer would make concurrent writers conflict on almost every command; INFRA-NOTES).
import type { FoldedStream } from './foldedStream.ts';

export class StreamCache {
  private readonly entries = new Map<string, FoldedStream>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`cache capacity must be >= 1, got ${capacity}`);
  }

  get(debateId: string): FoldedStream | undefined {
    const entry = this.entries.get(debateId);
    if (entry) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(debateId);
      this.entries.set(debateId, entry);
    }
    return entry;
  }

  /** Keeps the newer of the cached and the given snapshot. */
  put(entry: FoldedStream): void {
    const known = this.entries.get(entry.debateId);
    if (known && known.version > entry.version) return;
    this.entries.delete(entry.debateId);
    this.entries.set(entry.debateId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

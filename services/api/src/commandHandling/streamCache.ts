// A bounded LRU of folded debate streams, shared by every command of this process (a cache per
// writer would make concurrent writers conflict on almost every command; docs/infrastructure.md).
import type { FoldedStream } from './foldedStream.ts';

export class StreamCache {
  private readonly entries = new Map<string, FoldedStream>();
  /** Versions other nodes are known to have written (from the bus), ahead of the cached fold. */
  private readonly knownNewer = new Map<string, number>();

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

  /**
   * Another node wrote up to `version`. Only cached debates are tracked: an uncached one is read
   * fresh anyway. The next command then reads the tail first instead of losing an append race.
   */
  noteVersion(debateId: string, version: number): void {
    const cached = this.entries.get(debateId);
    if (cached && cached.version < version) this.knownNewer.set(debateId, Math.max(version, this.knownNewer.get(debateId) ?? -1));
  }

  isStale(entry: FoldedStream): boolean {
    return (this.knownNewer.get(entry.debateId) ?? -1) > entry.version;
  }

  /** Keeps the newer of the cached and the given snapshot. */
  put(entry: FoldedStream): void {
    const known = this.entries.get(entry.debateId);
    if (known && known.version > entry.version) return;
    if ((this.knownNewer.get(entry.debateId) ?? -1) <= entry.version) this.knownNewer.delete(entry.debateId);
    this.entries.delete(entry.debateId);
    this.entries.set(entry.debateId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
        this.knownNewer.delete(oldest);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

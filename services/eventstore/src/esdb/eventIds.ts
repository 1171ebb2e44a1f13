// Deterministic event ids: the same command re-appended to the same stream yields the same ids,
// which is what EventStoreDB's own idempotency keys on. UUID v5 layout over SHA-1.
import { createHash } from 'node:crypto';

// A fixed namespace for BookTalk event ids (random, generated once).
const NAMESPACE = Buffer.from('6f1c9a4e2b7d4c1e9a0b3d5f7e2c8a41', 'hex');

export function uuidV5(name: string, namespace: Buffer = NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const commandEventId = (streamId: string, commandId: string, index: number): string =>
  uuidV5(`${streamId}\u0000${commandId}\u0000${index}`);

// Ids the command side derives instead of drawing at random, so a retried request lands on the
// same stream (CreateDebate) and two timekeepers send the same command id (timers).
import { createHash } from 'node:crypto';

/** The debate a CreateDebate creates: 'd' + 15 hex chars of sha256(commandId). */
export const debateIdForCreate = (commandId: string): string =>
  `d${createHash('sha256').update(`booktalk:create-debate:${commandId}`).digest('hex').slice(0, 15)}`;

/** A name-based UUID (RFC 9562 version 5 layout over SHA-1) of the given parts. */
export function deterministicUuid(...parts: (string | number)[]): string {
  const bytes = createHash('sha1').update(`booktalk:${parts.join('|')}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

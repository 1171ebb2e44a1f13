// The socket's own envelope: acks, the error codes only sockets produce, and the messages about
// the connection itself (taken over by a newer one, or its session revoked).
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { AccountId } from '../ids.ts';

/** Every client event's ack callback receives `{ok: true, ...}` or this. */
export const AckError = z.object({ ok: z.literal(false), error: ApiError });
export type AckError = z.infer<typeof AckError>;
export const AckOk = z.looseObject({ ok: z.literal(true) });
export type AckOk = z.infer<typeof AckOk>;

/**
 * Codes the socket edge adds to the HTTP ones (VALIDATION_FAILED, NOT_MODERATOR, …, which keep
 * their meaning and name over the socket).
 */
export const SocketErrorCode = z.enum([
  'INVALID_PAYLOAD', // not an object, a prototype-pollution key, more than one argument
  'UNKNOWN_EVENT',
  'RATE_LIMITED',
  'IDENTITY_MISMATCH', // accountId / fromId is not the socket's own account
  'NOT_IN_VOICE', // the sender is not in this debate's voice room
  'PEER_NOT_IN_VOICE', // toId is not in this debate's voice room
  'SIGNALING_ONLY', // a Record* command: only the signaling node records the voice lifecycle
  'SHUTTING_DOWN',
]);
export type SocketErrorCode = z.infer<typeof SocketErrorCode>;

/** To the older socket of an account that connected again; it is disconnected right after. */
export const S_SESSION_REPLACED = z.object({ accountId: AccountId, reason: z.literal('replaced') });
export type S_SESSION_REPLACED = z.infer<typeof S_SESSION_REPLACED>;
/** To every socket of a session that was revoked (signed out, banned); disconnected right after. */
export const S_SESSION_REVOKED = z.object({ reason: z.literal('revoked') });
export type S_SESSION_REVOKED = z.infer<typeof S_SESSION_REVOKED>;

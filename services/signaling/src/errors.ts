// One error mapping for the socket: the HTTP edge's (toHttpError: DomainError kinds, zod issues,
// concurrency) plus the codes only a socket produces. Acks carry `{ok: false, error}`.
import { type HttpError, toHttpError } from '@booktalk/api';
import type { AckError, SocketErrorCode } from '@booktalk/contracts';

/** A refusal raised by the socket edge itself (never a DomainError). */
export class SocketRefusal extends Error {
  constructor(
    readonly code: SocketErrorCode | 'DEBATE_NOT_FOUND' | 'NOT_PARTICIPANT' | 'PARTICIPANT_REMOVED' | 'VALIDATION_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'SocketRefusal';
  }
}

export const refusal = (code: SocketRefusal['code'], message: string) => new SocketRefusal(code, message);

/** The ack for a failure, and whether it was ours to expect (4xx) or a fault (5xx, logged). */
export function toAckError(error: unknown): { ack: AckError; fault: boolean } {
  if (error instanceof SocketRefusal) return { ack: { ok: false, error: { code: error.code, message: error.message } }, fault: false };
  const http: HttpError = toHttpError(error);
  const { code, message, kind } = (error ?? {}) as { code?: unknown; message?: unknown; kind?: unknown };
  const portRefusal = !(error instanceof Error) || typeof kind === 'string';
  if (http.status >= 500 && portRefusal && typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) {
    // A refusal from an injected port (e.g. the command policy) shaped like a DomainError.
    return { ack: { ok: false, error: { code, message: typeof message === 'string' ? message : code } }, fault: false };
  }
  return {
    ack: { ok: false, error: { code: http.code, message: http.message, ...(http.issues ? { issues: http.issues } : {}) } },
    fault: http.status >= 500,
  };
}

// The one error the web app shows for a failed request or socket ack: the server's stable code
// and message (and zod issues for a 400), or a NETWORK / BAD_RESPONSE code made up here.
import type { ApiError } from '@booktalk/contracts';

export class ApiRequestError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: NonNullable<ApiError['issues']>;
  /** A 429's Retry-After, in seconds, when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, error: ApiError, retryAfterSeconds?: number) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.code = error.code;
    this.status = status;
    this.issues = error.issues ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Any thrown value as an ApiRequestError, so the UI has one shape to show. */
export const asApiError = (e: unknown): ApiRequestError =>
  e instanceof ApiRequestError ? e : new ApiRequestError(0, { code: 'CLIENT_ERROR', message: e instanceof Error ? e.message : String(e) });

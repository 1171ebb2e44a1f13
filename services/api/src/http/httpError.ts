// An error that already knows its HTTP status and public code.
import type { ApiError } from '@booktalk/contracts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiError['issues'],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

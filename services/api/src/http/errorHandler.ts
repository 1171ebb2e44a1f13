// Turns every failure into `{ok: false, error: {code, message, issues?}}` with the fitting status.
// Mount after all routers (the command and the query router share it).
import { type ErrorResponse, toIssues } from '@booktalk/contracts';
import { type DomainErrorKind, isDomainError } from '@booktalk/domain';
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { ConcurrencyError } from '../commandHandling/index.ts';
import { type Logger, silentLogger } from '../ports.ts';
import { HttpError } from './httpError.ts';

const domainStatus: Record<DomainErrorKind, number> = { forbidden: 403, not_found: 404, conflict: 409, rule: 422 };

/** body-parser errors carry a `type`; these two have a public meaning. */
const bodyParserError = (error: unknown): HttpError | null => {
  const e = error as { type?: unknown; status?: unknown; message?: unknown };
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB');
  if (typeof e?.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, 'BAD_REQUEST', String(e.message));
  }
  return null;
};

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isDomainError(error)) return new HttpError(domainStatus[error.kind], error.code, error.message);
  if (error instanceof ConcurrencyError) return new HttpError(409, error.code, error.message);
  if (error instanceof z.ZodError) return new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', toIssues(error));
  return bodyParserError(error) ?? new HttpError(500, 'INTERNAL', 'Something went wrong on our side');
}

export function createErrorHandler(logger: Logger = silentLogger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const http = toHttpError(error);
    if (http.status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    if (http.status === 401) res.set('WWW-Authenticate', 'Bearer');
    const body: ErrorResponse = {
      ok: false,
      error: { code: http.code, message: http.message, ...(http.issues ? { issues: http.issues } : {}) },
    };
    res.status(http.status).json(body);
  };
}

/** The error handler with no logger (5xx are still answered, just not logged). */
export const errorHandler: ErrorRequestHandler = createErrorHandler();

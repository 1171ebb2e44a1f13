// The one error model: every failure becomes `{ok: false, error: {code, message, issues?}}` with
// the status from errorCatalog.ts. Mounted once, after every router of the app; the signaling
// node answers its acks through `toErrorBody` with the same codes.
import { type ErrorResponse, toIssues } from '@booktalk/contracts';
import { isDomainError } from '@booktalk/domain';
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { ConcurrencyError } from '../commandHandling/index.ts';
import { type Logger, silentLogger } from '../ports.ts';
import { domainStatus } from './errorCatalog.ts';
import { HttpError } from './httpError.ts';

/** body-parser errors carry a `type`; these two have a public meaning. */
const bodyParserError = (error: unknown): HttpError | null => {
  const e = error as { type?: unknown; status?: unknown; message?: unknown; expose?: unknown; code?: unknown };
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB');
  if (typeof e?.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(400, 'BAD_REQUEST', String(e.message));
  }
  // A body that does not decompress as its Content-Encoding says: body-parser marks zlib's error
  // 400 (http-errors' `expose`) but gives it no `type`.
  if (e?.expose === true && e.status === 400 && typeof e.code === 'string' && /^(Z_|ERR_)/.test(e.code)) {
    return new HttpError(400, 'BAD_REQUEST', `The request body could not be decoded as its Content-Encoding says (${String(e.message)})`);
  }
  return null;
};

/** A path parameter that is not valid percent-encoding (`/api/debates/%/commands`): the router's URIError, marked 400. */
const undecodablePath = (error: unknown): HttpError | null =>
  error instanceof URIError && (error as { status?: unknown }).status === 400 ? new HttpError(400, 'BAD_REQUEST', error.message) : null;

/** The database (or the event store) cannot be reached: retryable, not our bug. */
const unavailable = (error: unknown): HttpError | null => {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const down =
    (typeof code === 'string' && /^(08|57P0|53)/.test(code)) ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message);
  return down ? new HttpError(503, 'UNAVAILABLE', 'The database is unavailable right now; retry shortly') : null;
};

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isDomainError(error)) return new HttpError(domainStatus[error.kind], error.code, error.message);
  if (error instanceof ConcurrencyError) return new HttpError(409, error.code, error.message);
  if (error instanceof z.ZodError) return new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', toIssues(error));
  return bodyParserError(error) ?? undecodablePath(error) ?? unavailable(error) ?? new HttpError(500, 'INTERNAL', 'Something went wrong on our side');
}

/** Status and body for any error: the HTTP handler and the socket acks both use it. */
export function toErrorBody(error: unknown): { status: number; body: ErrorResponse } {
  const http = toHttpError(error);
  return {
    status: http.status,
    body: { ok: false, error: { code: http.code, message: http.message, ...(http.issues ? { issues: http.issues } : {}) } },
  };
}

export function createErrorHandler(logger: Logger = silentLogger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, body } = toErrorBody(error);
    if (status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl, status }, 'request failed');
    // Headers gone (a streamed CSV failing midway): all we can do is end the response; logged above.
    if (res.headersSent) {
      if (status < 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed after its headers were sent');
      res.destroy();
      return;
    }
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    if (status === 503) res.set('Retry-After', '5');
    res.status(status).json(body);
  };
}

/** The error handler with no logger (5xx are still answered, just not logged). */
export const errorHandler: ErrorRequestHandler = createErrorHandler();

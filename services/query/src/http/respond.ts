// The read API's error responses ({ok:false, error}) and query-string parsing that answers 400.
import { type ErrorResponse, toIssues } from '@booktalk/contracts';
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';

export class QueryHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse,
  ) {
    super(body.error.message);
    this.name = 'QueryHttpError';
  }
}

export function parseQuery<S extends z.ZodType>(schema: S, input: unknown, code = 'INVALID_QUERY'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new QueryHttpError(400, {
      ok: false,
      error: { code, message: code === 'INVALID_QUERY' ? 'Invalid query string' : 'Invalid path parameter', issues: toIssues(result.error) },
    });
  }
  return result.data;
}

export const debateNotFound = (id: string) =>
  new QueryHttpError(404, { ok: false, error: { code: 'DEBATE_NOT_FOUND', message: `No debate ${id}` } });

/** Renders our errors; anything else is a 500 without internals (logged). */
export const queryErrorHandler =
  (log: (error: unknown) => void): ErrorRequestHandler =>
  (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof QueryHttpError) return void res.status(error.status).json(error.body);
    log(error);
    res.status(500).json({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } } satisfies ErrorResponse);
  };

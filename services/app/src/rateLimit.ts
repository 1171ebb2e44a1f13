// Per-client request limits on every HTTP route (express-rate-limit), so no one client can starve
// the others: keyed by the account of a valid session token, else by the client address (a
// forged token counts against its address). Over the limit → 429 RATE_LIMITED with Retry-After.
import { type RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

const REFRESH_PATH = '/api/session/refresh';

export interface RateLimitOptions {
  /** Requests per client per window; 0 turns the limit off. */
  limit: number;
  windowMs?: number;
  /** The account a bearer token stands for, or null when it is not a valid session. */
  accountOf: (token: string) => Promise<string | null>;
}

export function createRateLimit({ limit, windowMs = 60_000, accountOf }: RateLimitOptions): RequestHandler {
  if (limit <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Refreshing has a limit of its own, per session (accounts: REFRESH_LIMIT): a client stuck in
    // a refresh loop must not spend the budget its other requests, and everyone at its address, need.
    skip: (req) => req.method === 'POST' && req.originalUrl.split('?')[0] === REFRESH_PATH,
    keyGenerator: async (req) => {
      const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      const account = token ? await accountOf(token).catch(() => null) : null;
      return account ? `account:${account}` : `address:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (_req, res, _next, options) => {
      res.status(options.statusCode).json({
        ok: false,
        error: { code: 'RATE_LIMITED', message: `Too many requests: at most ${limit} per ${Math.round(windowMs / 1000)} s per client; retry after the Retry-After header's seconds` },
      });
    },
  });
}

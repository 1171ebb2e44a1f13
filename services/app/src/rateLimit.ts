// Per-client request limits on every /api route (express-rate-limit), so no one client can starve
// the others: keyed by the account of a valid session token, else by the client address (a
// forged token counts against its address). Over the limit → 429 RATE_LIMITED with Retry-After.
// The counts live in the app's RateBudget, which the signaling node spends from too (socket
// messages that write): one budget per account across HTTP and sockets.
import { type RateBudget, accountBudgetKey } from '@booktalk/api';
import { type RequestHandler } from 'express';
import { type Store, ipKeyGenerator, rateLimit } from 'express-rate-limit';

const REFRESH_PATH = '/api/session/refresh';

export interface RateLimitOptions {
  /** The shared budget (limit per window); undefined turns the limit off. */
  budget: RateBudget | undefined;
  /** The account a bearer token stands for, or null when it is not a valid session. */
  accountOf: (token: string) => Promise<string | null>;
}

/** express-rate-limit's store on top of the shared budget. */
const budgetStore = (budget: RateBudget): Store => ({
  localKeys: true,
  increment: (key) => {
    const use = budget.hit(key);
    return { totalHits: use.hits, resetTime: new Date(use.resetAt) };
  },
  decrement: (key) => budget.undo(key),
  resetKey: (key) => budget.reset(key),
});

export function createRateLimit({ budget, accountOf }: RateLimitOptions): RequestHandler {
  if (!budget) return (_req, _res, next) => next();
  const { limit, windowMs } = budget;
  return rateLimit({
    windowMs,
    limit,
    store: budgetStore(budget),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Refreshing has a limit of its own, per session (accounts: REFRESH_LIMIT): a client stuck in
    // a refresh loop must not spend the budget its other requests, and everyone at its address, need.
    skip: (req) => req.method === 'POST' && req.originalUrl.split('?')[0] === REFRESH_PATH,
    keyGenerator: async (req) => {
      const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      const account = token ? await accountOf(token).catch(() => null) : null;
      return account ? accountBudgetKey(account) : `address:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (_req, res, _next, options) => {
      res.status(options.statusCode).json({
        ok: false,
        error: {
          code: 'RATE_LIMITED',
          message: `Too many requests: at most ${limit} per ${Math.round(windowMs / 1000)} s per client, socket writes included; retry after the Retry-After header's seconds`,
        },
      });
    },
  });
}

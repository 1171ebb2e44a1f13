// The account routes: sign up, sign in / guest session, refresh, sign out, the profile, erasure.
// Mounted before the command router, so `POST /api/session` is answered here.
import {
  GuestSessionRequest,
  type MeResponse,
  RefreshRequest,
  type SessionResponse,
  SignInRequest,
  SignUpRequest,
  UpdateMeRequest,
  toIssues,
} from '@booktalk/contracts';
import { HttpError, bearerToken, jsonBody } from '@booktalk/api';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import { type AccountService, RateLimitedError } from '../accountService.ts';
import type { IssuedSession, SessionIdentity, Sessions } from '../sessions/sessions.ts';

const parse = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(400, 'VALIDATION_FAILED', 'Invalid request body', toIssues(result.error));
  return result.data;
};

const sessionBody = (s: IssuedSession): SessionResponse => ({
  ok: true,
  token: s.token,
  accountId: s.identity.accountId,
  displayName: s.identity.displayName,
  kind: s.identity.kind,
  sessionId: s.identity.sessionId,
  expiresAt: s.expiresAt.toISOString(),
  refreshToken: s.refreshToken,
});

/** Sets Retry-After on a 429 before the error handler renders it. */
const withRetryAfter = async <T>(res: Response, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RateLimitedError) res.set('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
};

const hasCredentials = (body: unknown) => typeof body === 'object' && body !== null && ('username' in body || 'password' in body);

export function requireSession(sessions: Sessions): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (token === null) throw new HttpError(401, 'UNAUTHENTICATED', 'Authorization: Bearer <token> required (POST /api/session)');
    res.locals.actor = sessions.verify(token);
    next();
  };
}

const identityOf = (res: Response) => res.locals.actor as SessionIdentity;
const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export function createAccountsRouter(service: AccountService, sessions: Sessions): Router {
  const router = Router();
  // Passwords travel in these bodies: small limit, and nothing here logs a body.
  const json = jsonBody({ limit: '16kb' });
  const session = requireSession(sessions);

  router.post('/api/accounts', json, async (req, res) => {
    const body = parse(SignUpRequest, req.body);
    res.status(201).json(sessionBody(await service.signUp(body)));
  });

  router.post('/api/session', json, async (req, res) => {
    const issued = hasCredentials(req.body)
      ? await withRetryAfter(res, () => service.signIn(parse(SignInRequest, req.body), addressOf(req)))
      : await service.guest(parse(GuestSessionRequest, req.body).displayName);
    res.json(sessionBody(issued));
  });

  router.post('/api/session/refresh', json, async (req, res) => {
    const { refreshToken } = parse(RefreshRequest, req.body);
    res.json(sessionBody(await withRetryAfter(res, () => service.refresh(refreshToken))));
  });

  router.delete('/api/session', session, async (_req, res) => {
    await service.signOut(identityOf(res));
    res.json({ ok: true });
  });

  router.get('/api/me', session, async (_req, res) => {
    const body: MeResponse = await service.me(identityOf(res));
    res.json(body);
  });

  router.patch('/api/me', session, json, async (req, res) => {
    const body = parse(UpdateMeRequest, req.body);
    res.json(await withRetryAfter(res, () => service.updateMe(identityOf(res), body)));
  });

  router.delete('/api/accounts/me', session, async (_req, res) => {
    await service.erase(identityOf(res));
    res.json({ ok: true });
  });

  return router;
}

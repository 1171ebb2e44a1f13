// The Auth port the command router uses, and its dev/demo implementation: a display name in
// exchange for a signed token (HS256). The real one (accounts, guests, sign-out, the guest policy)
// is @booktalk/accounts' `accounts.auth`; this one stays for tests of the command side alone.
import { randomBytes } from 'node:crypto';
import type { Actor } from '@booktalk/domain';
import type { RequestHandler } from 'express';
import { SignJWT, jwtVerify } from 'jose';
import { HttpError } from './httpError.ts';

export interface AuthOptions {
  /** HS256 key; at least 32 characters. */
  secret: string;
  /** Token lifetime (default 12 h). */
  ttlSeconds?: number;
}

export interface Auth {
  issueSession(displayName: string): Promise<{ token: string; accountId: string }>;
  /** The actor a token stands for; throws HttpError 401 when it is missing, forged or expired. */
  verify(token: string): Promise<Actor>;
  /** Express middleware: `Authorization: Bearer <token>` → res.locals.actor. */
  requireActor: RequestHandler;
  /**
   * Refuses (throws an HttpError, e.g. 403 ACCOUNT_REQUIRED) a command this actor may not send,
   * before it is handled. Absent: every authenticated actor may send every command.
   */
  authorizeCommand?(actor: Actor, command: { type: string; data?: unknown }): void;
}

/** The token of `Authorization: Bearer <token>`; null without the header, 401 when it is malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'UNAUTHENTICATED', 'Authorization: Bearer <token> required (POST /api/session)');
  return match[1];
}

const ISSUER = 'booktalk';
const AUDIENCE = 'booktalk-api';

export function createAuth(options: AuthOptions): Auth {
  if (options.secret.length < 32) throw new Error('The session signing secret must be at least 32 characters');
  const key = new TextEncoder().encode(options.secret);
  const ttl = options.ttlSeconds ?? 12 * 3600;

  const verify = async (token: string): Promise<Actor> => {
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload.sub !== 'string' || typeof payload.name !== 'string') throw new Error('token without sub or name');
      // Never `system`: only the timekeeper in-process acts as the system.
      return { accountId: payload.sub, displayName: payload.name };
    } catch {
      throw new HttpError(401, 'UNAUTHENTICATED', 'Invalid or expired session token');
    }
  };

  return {
    async issueSession(displayName) {
      const accountId = `a${randomBytes(6).toString('hex')}`;
      const token = await new SignJWT({ name: displayName })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(accountId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttl}s`)
        .sign(key);
      return { token, accountId };
    },
    verify,
    requireActor: async (req, res, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      if (!match?.[1]) throw new HttpError(401, 'UNAUTHENTICATED', 'Authorization: Bearer <token> required (POST /api/session)');
      res.locals.actor = await verify(match[1]);
      next();
    },
  };
}

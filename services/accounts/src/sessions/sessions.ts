// Sessions: a row per sign-in (accounts.sessions) and short-lived signed access tokens that name
// it (`sid`) and the identity's kind. Verifying a token is an HMAC and a map lookup, no I/O; the
// row is read only to refresh. Revoking puts the session id in an in-process set (checked on every
// verify) and tells the listeners, so the API refuses the token at once and the signaling node
// drops the session's sockets. See README.md for why.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IdentityKind } from '@booktalk/contracts';
import { HttpError } from '@booktalk/api';
import type pg from 'pg';
import { newSessionId } from '../ids.ts';
import { SESSIONS } from '../schema.ts';
import { type Hs256, InvalidTokenError, hs256 } from '../tokens/hs256.ts';

export interface SessionIdentity {
  accountId: string;
  displayName: string;
  kind: IdentityKind;
  sessionId: string;
}

export interface IssuedSession {
  identity: SessionIdentity;
  token: string;
  expiresAt: Date;
  refreshToken: string;
}

export type SessionRevokedListener = (sessionId: string, accountId: string) => void;

export interface SessionsOptions {
  pool: pg.Pool;
  /** HS256 key, at least 32 characters (BOOKTALK_JWT_SECRET). */
  secret: string;
  /** Access token lifetime; default 15 min. */
  accessTtlSeconds?: number;
  /** How long a session can be refreshed; default 30 days. */
  sessionTtlSeconds?: number;
  /** How soon after a rotation the previous refresh token may come back without ending the session (default 10 s). */
  reuseLeewayMs?: number;
  now?: () => number;
}

const ISSUER = 'booktalk';
const AUDIENCE = 'booktalk-api';

const unauthenticated = () => new HttpError(401, 'UNAUTHENTICATED', 'Invalid, expired or signed-out session token');
/** Refresh tokens of a session remembered after their use, to know one that comes back. */
const RETIRED_KEPT = 64;
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** A refresh token is `sessionId.secret`; the session id alone may be read from it (it is no secret). */
export function splitRefreshToken(refreshToken: string): { sessionId: string; secret: string } {
  const dot = refreshToken.indexOf('.');
  return dot <= 0 ? { sessionId: '', secret: '' } : { sessionId: refreshToken.slice(0, dot), secret: refreshToken.slice(dot + 1) };
}

export class Sessions {
  /** Revoked session id → when its last access token expires (then it needs no remembering). */
  private readonly revoked = new Map<string, number>();
  private readonly listeners = new Set<SessionRevokedListener>();
  private readonly signer: Hs256;
  readonly accessTtlSeconds: number;
  private readonly sessionTtlSeconds: number;
  private readonly now: () => number;

  private constructor(private readonly options: SessionsOptions) {
    this.signer = hs256(options.secret, { issuer: ISSUER, audience: AUDIENCE });
    this.accessTtlSeconds = options.accessTtlSeconds ?? 15 * 60;
    this.sessionTtlSeconds = options.sessionTtlSeconds ?? 30 * 24 * 3600;
    this.now = options.now ?? Date.now;
  }

  /** Loads the revocations whose tokens may still be unexpired (they survive a restart). */
  static async start(options: SessionsOptions): Promise<Sessions> {
    const sessions = new Sessions(options);
    const { rows } = await options.pool.query<{ session_id: string; revoked_at: Date }>(
      `SELECT session_id, revoked_at FROM ${SESSIONS} WHERE revoked_at > now() - make_interval(secs => $1)`,
      [sessions.accessTtlSeconds],
    );
    for (const r of rows) sessions.revoked.set(r.session_id, r.revoked_at.getTime() + sessions.accessTtlSeconds * 1000);
    await options.pool.query(`DELETE FROM ${SESSIONS} WHERE expires_at < now() - interval '1 day'`);
    return sessions;
  }

  /** A new session for an identity that just proved itself (or a new guest). */
  async open(who: Omit<SessionIdentity, 'sessionId'>): Promise<IssuedSession> {
    const identity: SessionIdentity = { ...who, sessionId: newSessionId() };
    const secret = randomBytes(32).toString('base64url');
    await this.options.pool.query(
      `INSERT INTO ${SESSIONS} (session_id, account_id, kind, display_name, refresh_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, to_timestamp($6))`,
      [identity.sessionId, identity.accountId, identity.kind, identity.kind === 'guest' ? identity.displayName : '', sha256(secret), (this.now() / 1000) + this.sessionTtlSeconds],
    );
    return { identity, ...this.accessToken(identity), refreshToken: `${identity.sessionId}.${secret}` };
  }

  /** A fresh access token for a live session (after a rename, or on refresh). */
  accessToken(identity: SessionIdentity): { token: string; expiresAt: Date } {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + this.accessTtlSeconds;
    const token = this.signer.sign({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: identity.accountId,
      sid: identity.sessionId,
      kind: identity.kind,
      name: identity.displayName,
      iat,
      exp,
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The identity a token stands for; throws HttpError 401 when forged, expired or signed out. Synchronous and I/O-free. */
  verify(token: string): SessionIdentity {
    let claims;
    try {
      claims = this.signer.verify(token, Math.floor(this.now() / 1000));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated();
      throw error;
    }
    const { sub, sid, kind, name } = claims;
    if (typeof sid !== 'string' || (kind !== 'account' && kind !== 'guest') || typeof name !== 'string') throw unauthenticated();
    if (this.revoked.has(sid)) throw unauthenticated();
    return { accountId: sub, displayName: name, kind, sessionId: sid };
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token (the old one stops
   * working). `currentName` gives an account's display name now (null: the account is gone).
   *
   * Reuse detection (OAuth 2.0 Security BCP, refresh token rotation): a refresh token already
   * exchanged that comes back means two parties hold copies, and which one is the thief cannot
   * be told, so the whole session ends: its current refresh token, its access tokens, its sockets.
   * One exception, without which two tabs refreshing together would sign their person out: the
   * token replaced last, within `reuseLeewayMs` of its replacement, is refused without ending
   * anything (no token is issued for it either). A secret the session never issued is refused
   * alone too: the session id is no secret (it is in every access token).
   */
  async refresh(refreshToken: string, currentName: (accountId: string) => Promise<string | null>): Promise<IssuedSession> {
    const { sessionId, secret } = splitRefreshToken(refreshToken);
    if (!sessionId || !secret) throw unauthenticated();
    const { rows } = await this.options.pool.query<{
      account_id: string;
      kind: IdentityKind;
      display_name: string;
      refresh_hash: Buffer;
      retired_hashes: Buffer[];
      rotated_at: Date | null;
    }>(
      `SELECT account_id, kind, display_name, refresh_hash, retired_hashes, rotated_at FROM ${SESSIONS}
       WHERE session_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [sessionId],
    );
    const row = rows[0];
    if (!row || this.revoked.has(sessionId)) throw unauthenticated();
    const presented = sha256(secret);
    if (!timingSafeEqual(row.refresh_hash, presented)) {
      const retired = row.retired_hashes.findIndex((h) => h.length === presented.length && timingSafeEqual(h, presented));
      if (retired === -1) throw unauthenticated();
      const justReplaced = retired === 0 && row.rotated_at !== null && this.now() - row.rotated_at.getTime() < (this.options.reuseLeewayMs ?? 10_000);
      if (justReplaced) throw new HttpError(401, 'UNAUTHENTICATED', 'This refresh token was just replaced by a refresh moments ago; use the newer one');
      await this.revoke(sessionId);
      throw new HttpError(401, 'UNAUTHENTICATED', 'This refresh token was used before: the session is ended, sign in again');
    }
    const displayName = row.kind === 'guest' ? row.display_name : await currentName(row.account_id);
    if (displayName === null) throw unauthenticated();
    const next = randomBytes(32).toString('base64url');
    // Compare-and-set on the old hash: of two refreshes racing with one token, one wins (the
    // other then finds its token just replaced, above, on its next try).
    const { rowCount } = await this.options.pool.query(
      `UPDATE ${SESSIONS}
       SET refresh_hash = $3, retired_hashes = (array_prepend(refresh_hash, retired_hashes))[1:${RETIRED_KEPT}], rotated_at = to_timestamp($4 / 1000.0)
       WHERE session_id = $1 AND refresh_hash = $2 AND revoked_at IS NULL`,
      [sessionId, row.refresh_hash, sha256(next), this.now()],
    );
    if (rowCount !== 1) throw new HttpError(401, 'UNAUTHENTICATED', 'This refresh token was just replaced by a refresh moments ago; use the newer one');
    const identity: SessionIdentity = { accountId: row.account_id, displayName, kind: row.kind, sessionId };
    return { identity, ...this.accessToken(identity), refreshToken: `${sessionId}.${next}` };
  }

  /** Ends one session now. */
  async revoke(sessionId: string): Promise<void> {
    const { rows } = await this.options.pool.query<{ account_id: string }>(
      `UPDATE ${SESSIONS} SET revoked_at = now(), display_name = '' WHERE session_id = $1 AND revoked_at IS NULL RETURNING account_id`,
      [sessionId],
    );
    for (const r of rows) this.markRevoked(sessionId, r.account_id);
  }

  /** Ends every session of an identity (erasure, password change), but `except`. */
  async revokeAll(accountId: string, except?: string): Promise<void> {
    const { rows } = await this.options.pool.query<{ session_id: string }>(
      `UPDATE ${SESSIONS} SET revoked_at = now(), display_name = ''
       WHERE account_id = $1 AND revoked_at IS NULL AND session_id IS DISTINCT FROM $2 RETURNING session_id`,
      [accountId, except ?? null],
    );
    for (const r of rows) this.markRevoked(r.session_id, accountId);
  }

  /**
   * Called once per session ended on this node (in-process). Across nodes the revocation would
   * ride the bus to every node's `noteRevoked`; see README.md.
   */
  onSessionRevoked(listener: SessionRevokedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a revocation that happened elsewhere (another node, through the bus). */
  noteRevoked(sessionId: string, accountId: string): void {
    if (!this.revoked.has(sessionId)) this.markRevoked(sessionId, accountId);
  }

  private markRevoked(sessionId: string, accountId: string): void {
    const now = this.now();
    this.revoked.set(sessionId, now + this.accessTtlSeconds * 1000);
    if (this.revoked.size % 1024 === 0) for (const [sid, until] of this.revoked) if (until < now) this.revoked.delete(sid);
    for (const listener of this.listeners) {
      try {
        listener(sessionId, accountId);
      } catch {
        // A failing listener must not keep the others from hearing about it, nor fail the sign-out.
      }
    }
  }
}

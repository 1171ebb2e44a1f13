// The accounts use cases: sign up, sign in (rate-limited, one answer for every failure), guests,
// the profile, sign out and erasure. Errors are HttpErrors with stable codes.
import type { MeResponse, SignInRequest, SignUpRequest, UpdateMeRequest } from '@booktalk/contracts';
import { HttpError } from '@booktalk/api';
import { type AccountRepository, UsernameTakenError, usernameKey } from './accountRepository.ts';
import type { Keyring } from './erasure/keyring.ts';
import { newAccountId, newGuestId } from './ids.ts';
import { burnVerification, hashPassword, passwordMatches } from './passwords.ts';
import { type RateLimit, SlidingWindowLimiter } from './rateLimiter.ts';
import { type IssuedSession, type SessionIdentity, type Sessions, splitRefreshToken } from './sessions/sessions.ts';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits, SignInThrottle } from './signInThrottle.ts';

export { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './signInThrottle.ts';

export interface AccountServiceOptions {
  repo: AccountRepository;
  sessions: Sessions;
  keyring: Keyring;
  /** Usernames of site admins (BOOKTALK_ADMINS). */
  admins: readonly string[];
  signInLimits?: SignInLimits;
  /** Refreshes per session and window (default REFRESH_LIMIT). */
  refreshLimit?: RateLimit;
  /** After an erasure committed: rebuild the read models that held the identity's data. */
  afterErasure?: (accountId: string) => Promise<void>;
}

export class RateLimitedError extends HttpError {
  constructor(
    readonly retryAfterSeconds: number,
    what = 'Too many failed sign-in attempts',
  ) {
    super(429, 'RATE_LIMITED', `${what}; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * Refreshes per session: the web client refreshes once per window of its token's lifetime (at
 * least 120 s, see config.ts), so a handful a minute leaves room for several tabs and retries.
 */
export const REFRESH_LIMIT: RateLimit = { limit: 10, windowMs: 60_000 };

const invalidCredentials = () => new HttpError(401, 'INVALID_CREDENTIALS', 'Unknown username or wrong password');
const accountRequired = (what: string) => new HttpError(403, 'ACCOUNT_REQUIRED', `${what} needs an account; guests have no profile`);

export class AccountService {
  private readonly adminKeys: Set<string>;
  private readonly adminIds = new Set<string>();
  private readonly signIns: SignInThrottle;
  /** Wrong current passwords on a password change, per account (the caller holds a session of it). */
  private readonly passwordChecks: SlidingWindowLimiter;
  private readonly refreshes: SlidingWindowLimiter;

  private constructor(private readonly o: AccountServiceOptions) {
    this.adminKeys = new Set(o.admins.map(usernameKey));
    const limits = o.signInLimits ?? DEFAULT_SIGN_IN_LIMITS;
    this.signIns = new SignInThrottle(limits);
    this.passwordChecks = new SlidingWindowLimiter(limits.perAccountAddress);
    this.refreshes = new SlidingWindowLimiter(o.refreshLimit ?? REFRESH_LIMIT);
  }

  static async start(options: AccountServiceOptions): Promise<AccountService> {
    const service = new AccountService(options);
    for (const id of await options.repo.idsOfUsernames([...service.adminKeys])) service.adminIds.add(id);
    return service;
  }

  isAdmin(accountId: string): boolean {
    return this.adminIds.has(accountId);
  }

  async signUp(body: SignUpRequest): Promise<IssuedSession> {
    const passwordHash = await hashPassword(body.password);
    try {
      const account = await this.o.repo.insert({ accountId: newAccountId(), username: body.username, displayName: body.displayName, passwordHash });
      if (this.adminKeys.has(usernameKey(account.username))) this.adminIds.add(account.accountId);
      return await this.o.sessions.open({ accountId: account.accountId, displayName: account.displayName, kind: 'account' });
    } catch (error) {
      if (error instanceof UsernameTakenError) throw new HttpError(409, 'USERNAME_TAKEN', 'This username is taken (usernames ignore case)');
      throw error;
    }
  }

  async signIn(body: SignInRequest, address: string): Promise<IssuedSession> {
    const accountKey = usernameKey(body.username);
    const addressKey = address || 'unknown';
    const check = this.signIns.check(accountKey, addressKey);
    if (!check.allowed) throw new RateLimitedError(Math.ceil(check.retryAfterMs / 1000));
    const account = await this.o.repo.byUsername(body.username);
    const ok = account ? await passwordMatches(account.passwordHash, body.password) : (await burnVerification(body.password), false);
    if (!account || !ok) {
      this.signIns.failed(accountKey, addressKey);
      throw invalidCredentials();
    }
    this.signIns.succeeded(accountKey, addressKey);
    return this.o.sessions.open({ accountId: account.accountId, displayName: account.displayName, kind: 'account' });
  }

  guest(displayName: string): Promise<IssuedSession> {
    return this.o.sessions.open({ accountId: newGuestId(), displayName, kind: 'guest' });
  }

  /** Refreshes, at most REFRESH_LIMIT times per session and window (429 RATE_LIMITED beyond). */
  refresh(refreshToken: string): Promise<IssuedSession> {
    // Per session, not per address or account: a client refreshing in a loop runs out of its own
    // refreshes, while its other requests and the other people at its address carry on.
    const key = splitRefreshToken(refreshToken).sessionId || 'malformed';
    const check = this.refreshes.check(key);
    if (!check.allowed) return Promise.reject(new RateLimitedError(Math.ceil(check.retryAfterMs / 1000), 'Too many refreshes of this session'));
    this.refreshes.record(key);
    return this.o.sessions.refresh(refreshToken, async (id) => (await this.o.repo.byId(id))?.displayName ?? null);
  }

  async me(who: SessionIdentity): Promise<MeResponse> {
    if (who.kind === 'guest') {
      return { ok: true, accountId: who.accountId, kind: 'guest', displayName: who.displayName, username: null, createdAt: null, admin: false };
    }
    const account = await this.o.repo.byId(who.accountId);
    if (!account) throw new HttpError(401, 'UNAUTHENTICATED', 'This account no longer exists');
    return {
      ok: true,
      accountId: account.accountId,
      kind: 'account',
      displayName: account.displayName,
      username: account.username,
      createdAt: account.createdAt.toISOString(),
      admin: this.isAdmin(account.accountId),
    };
  }

  /** Renames and/or changes the password; a new password ends every other session of the account. */
  async updateMe(who: SessionIdentity, body: UpdateMeRequest): Promise<MeResponse & { token: string; expiresAt: string }> {
    if (who.kind === 'guest') throw accountRequired('Changing the profile');
    let passwordHash: string | undefined;
    if (body.password !== undefined) {
      const account = await this.o.repo.byId(who.accountId);
      if (!account) throw new HttpError(401, 'UNAUTHENTICATED', 'This account no longer exists');
      const key = account.accountId;
      const check = this.passwordChecks.check(key);
      if (!check.allowed) throw new RateLimitedError(Math.ceil(check.retryAfterMs / 1000));
      if (!(await passwordMatches(account.passwordHash, body.currentPassword ?? ''))) {
        this.passwordChecks.record(key);
        throw new HttpError(403, 'INVALID_CREDENTIALS', 'The current password is wrong');
      }
      passwordHash = await hashPassword(body.password);
    }
    const updated = await this.o.repo.update(who.accountId, { displayName: body.displayName, passwordHash });
    if (!updated) throw new HttpError(401, 'UNAUTHENTICATED', 'This account no longer exists');
    if (passwordHash) await this.o.sessions.revokeAll(who.accountId, who.sessionId);
    const { token, expiresAt } = this.o.sessions.accessToken({ ...who, displayName: updated.displayName });
    return { ...(await this.me(who)), token, expiresAt: expiresAt.toISOString() };
  }

  signOut(who: SessionIdentity): Promise<void> {
    return this.o.sessions.revoke(who.sessionId);
  }

  /** The right to be forgotten: see README.md, "Erasure". */
  async erase(who: SessionIdentity): Promise<void> {
    if (who.kind === 'guest') throw accountRequired('Deleting an account');
    await this.o.repo.erase(who.accountId);
    this.o.keyring.forget(who.accountId);
    this.adminIds.delete(who.accountId);
    await this.o.sessions.revokeAll(who.accountId);
    await this.o.afterErasure?.(who.accountId);
  }
}

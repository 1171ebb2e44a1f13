// Sign-up, sign-in, guests, refresh and sign-out over real HTTP on a real PostgreSQL.
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFrom } from './support/fromAddress.ts';
import { type Stack, User, call, startStack } from './support/stack.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('accounts and sessions over HTTP', () => {
  let stack: Stack;
  let n = 0;
  const unique = (stem: string) => `${stem}${++n}`;
  const post = (path: string, body: unknown, token?: string) => call(stack.base, 'POST', path, { body, token });

  beforeAll(async () => {
    stack = await startStack('accounts_sessions', {
      signInLimits: {
        perAccountAddress: { limit: 3, windowMs: 60_000 },
        perAddress: { limit: 1000, windowMs: 60_000 },
        perAccount: { free: 1000, windowMs: 60_000, baseMs: 1_000, maxMs: 30_000 },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('signs up with 201 and a token that says account', async () => {
    const r = await post('/api/accounts', { username: unique('ada'), displayName: 'Ada Lovelace', password: 'analytical engine' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ok: true, displayName: 'Ada Lovelace', kind: 'account' });
    const me = await call(stack.base, 'GET', '/api/me', { token: r.body.token });
    expect(me.body).toMatchObject({ ok: true, accountId: r.body.accountId, kind: 'account', displayName: 'Ada Lovelace', admin: false });
  });

  it('stores an argon2id hash, never the password', async () => {
    const username = unique('hash');
    await post('/api/accounts', { username, displayName: 'H', password: 'correct horse battery' });
    const { rows } = await stack.pool.query('SELECT password_hash FROM accounts.accounts WHERE username = $1', [username]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(rows)).not.toContain('correct horse battery');
  });

  it('signs in with the password and answers the same shape', async () => {
    const username = unique('bea');
    const up = await post('/api/accounts', { username, displayName: 'Bea', password: 'bea-password-1' });
    const r = await post('/api/session', { username, password: 'bea-password-1' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, accountId: up.body.accountId, displayName: 'Bea', kind: 'account' });
    expect(r.body.sessionId).not.toBe(up.body.sessionId);
  });

  it('refuses a taken username with 409 USERNAME_TAKEN, ignoring case', async () => {
    const username = unique('Cleo');
    expect((await post('/api/accounts', { username, displayName: 'C', password: 'cleo-password' })).status).toBe(201);
    const again = await post('/api/accounts', { username: username.toUpperCase(), displayName: 'C2', password: 'other-password' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('USERNAME_TAKEN');
  });

  it('signs in whatever the case of the username', async () => {
    const username = unique('Dora');
    await post('/api/accounts', { username, displayName: 'D', password: 'dora-password' });
    expect((await post('/api/session', { username: username.toLowerCase(), password: 'dora-password' })).status).toBe(200);
  });

  it('answers an unknown user and a wrong password identically', async () => {
    const username = unique('eve');
    await post('/api/accounts', { username, displayName: 'E', password: 'eve-password-x' });
    const wrong = await post('/api/session', { username, password: 'not-the-password' });
    const unknown = await post('/api/session', { username: unique('nobody'), password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('gives a guest session from a display name alone, and its token says guest', async () => {
    const r = await post('/api/session', { displayName: 'Listener' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, kind: 'guest', displayName: 'Listener' });
    const payload = JSON.parse(Buffer.from(r.body.token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ kind: 'guest', sid: r.body.sessionId, sub: r.body.accountId });
    expect(stack.accounts.verify(r.body.token)).toMatchObject({ kind: 'guest', accountId: r.body.accountId });
  });

  it('refuses invalid sign-up input with 400 and a message per field, writing nothing', async () => {
    const username = unique('x');
    const r = await post('/api/accounts', { username: `${username} !`, displayName: '', password: 'short' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const messages = Object.fromEntries(r.body.error.issues.map((i: { path: string[]; message: string }) => [i.path.join('.'), i.message]));
    expect(messages.username).toMatch(/letters, digits/);
    expect(messages.password).toBe('must be at least 10 characters');
    expect(messages.displayName).toBe('must not be empty');
    const { rows } = await stack.pool.query('SELECT count(*)::int AS n FROM accounts.accounts WHERE username_key LIKE $1', [`${username}%`]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a password equal to the username', async () => {
    const username = unique('samesame');
    const r = await post('/api/accounts', { username: `${username}xx`, displayName: 'S', password: `${username}xx`.toUpperCase() });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]).toMatchObject({ path: ['password'], message: 'must not be the username' });
  });

  it('rate-limits failed sign-ins per username and address with 429 RATE_LIMITED and Retry-After, even for the right password', async () => {
    const username = unique('fay');
    await post('/api/accounts', { username, displayName: 'F', password: 'fay-password-1' });
    for (let i = 0; i < 3; i++) expect((await post('/api/session', { username, password: 'wrong-wrong' })).status).toBe(401);
    const limited = await post('/api/session', { username, password: 'fay-password-1' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('does not lock the owner out: someone failing at their username from another address does not stop them signing in', async () => {
    // Issue 19: anyone who knew a username locked its owner out for 15 minutes.
    const username = unique('gil');
    await post('/api/accounts', { username, displayName: 'G', password: 'gil-password-1' });
    for (let i = 0; i < 3; i++) expect((await postFrom('127.0.0.2', stack.base, '/api/session', { username, password: 'wrong-wrong' })).status).toBe(401);
    expect((await postFrom('127.0.0.2', stack.base, '/api/session', { username, password: 'wrong-wrong' })).status).toBe(429);
    const owner = await postFrom('127.0.0.3', stack.base, '/api/session', { username, password: 'gil-password-1' });
    expect(owner.status).toBe(200);
    expect(owner.body).toMatchObject({ ok: true, kind: 'account' });
  });

  it('refuses a signed-out token at once and tells the revocation listeners', async () => {
    const user = await User.signUp(stack.base, unique('gus'));
    const heard: [string, string][] = [];
    const unsubscribe = stack.accounts.onSessionRevoked((sid, accountId) => heard.push([sid, accountId]));
    const { sessionId } = stack.accounts.verify(user.token);
    const out = await user.call('DELETE', '/api/session');
    unsubscribe();
    expect(out.status).toBe(200);
    expect(heard).toEqual([[sessionId, user.accountId]]);
    const after = await user.call('GET', '/api/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    expect((await user.command('x1', 'JoinDebate', { role: 'audience' })).status).toBe(401);
    expect(() => stack.accounts.verify(user.token)).toThrow(/signed-out/);
  });

  it('refreshes a session once per refresh token', async () => {
    const r = await post('/api/accounts', { username: unique('hal'), displayName: 'Hal', password: 'hal-password-1' });
    const next = await post('/api/session/refresh', { refreshToken: r.body.refreshToken });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ accountId: r.body.accountId, sessionId: r.body.sessionId, kind: 'account' });
    const replay = await post('/api/session/refresh', { refreshToken: r.body.refreshToken });
    expect(replay.status).toBe(401);
  });

  it('ends the whole session when a refresh token already exchanged comes back, the newest one included', async () => {
    // Issue 19: a reused refresh token was refused, but the token it had been exchanged for kept working.
    const first = await post('/api/accounts', { username: unique('reu'), displayName: 'Reu', password: 'reu-password-1' });
    const second = await post('/api/session/refresh', { refreshToken: first.body.refreshToken });
    const third = await post('/api/session/refresh', { refreshToken: second.body.refreshToken });
    expect(third.status).toBe(200);
    const heard: string[] = [];
    const unsubscribe = stack.accounts.onSessionRevoked((sid) => heard.push(sid));
    // The first token again: a copy of it is in someone else's hands.
    const stolen = await post('/api/session/refresh', { refreshToken: first.body.refreshToken });
    unsubscribe();
    expect(stolen.status).toBe(401);
    expect(stolen.body.error.message).toMatch(/used before: the session is ended/);
    expect(heard).toEqual([first.body.sessionId]);
    expect((await post('/api/session/refresh', { refreshToken: third.body.refreshToken })).status).toBe(401);
    expect((await call(stack.base, 'GET', '/api/me', { token: third.body.token })).status).toBe(401);
  });

  it('refuses the token a refresh just replaced without ending the session (two tabs refreshing together)', async () => {
    const first = await post('/api/session', { displayName: 'Tabs' });
    const second = await post('/api/session/refresh', { refreshToken: first.body.refreshToken });
    const late = await post('/api/session/refresh', { refreshToken: first.body.refreshToken });
    expect(late.status).toBe(401);
    expect(late.body.error.message).toMatch(/just replaced/);
    expect((await post('/api/session/refresh', { refreshToken: second.body.refreshToken })).status).toBe(200);
  });

  it('refuses a secret the session never issued without ending it (the session id is no secret)', async () => {
    const first = await post('/api/session', { displayName: 'Guessed' });
    const forged = await post('/api/session/refresh', { refreshToken: `${first.body.sessionId}.not-the-secret` });
    expect(forged.status).toBe(401);
    expect((await post('/api/session/refresh', { refreshToken: first.body.refreshToken })).status).toBe(200);
  });

  it('refuses to refresh a signed-out session', async () => {
    const r = await post('/api/session', { displayName: 'Ivy' });
    await call(stack.base, 'DELETE', '/api/session', { token: r.body.token });
    expect((await post('/api/session/refresh', { refreshToken: r.body.refreshToken })).status).toBe(401);
  });

  it('renames an account and answers a token with the new name', async () => {
    const user = await User.signUp(stack.base, unique('jo'), 'Jo');
    const r = await user.call('PATCH', '/api/me', { displayName: 'Josephine' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ displayName: 'Josephine' });
    expect(stack.accounts.verify(r.body.token).displayName).toBe('Josephine');
  });

  it('changes the password only with the current one, and ends the other sessions', async () => {
    const username = unique('kim');
    const user = await User.signUp(stack.base, username, 'Kim', 'kim-password-1');
    const other = (await post('/api/session', { username, password: 'kim-password-1' })).body.token as string;
    const refused = await user.call('PATCH', '/api/me', { password: 'kim-password-2', currentPassword: 'nope-nope-nope' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('INVALID_CREDENTIALS');
    const changed = await user.call('PATCH', '/api/me', { password: 'kim-password-2', currentPassword: 'kim-password-1' });
    expect(changed.status).toBe(200);
    expect((await call(stack.base, 'GET', '/api/me', { token: other })).status).toBe(401);
    expect((await user.call('GET', '/api/me')).status).toBe(200);
    expect((await post('/api/session', { username, password: 'kim-password-2' })).status).toBe(200);
  });

  it('refuses a password change without currentPassword with a clear message', async () => {
    const user = await User.signUp(stack.base, unique('lu'));
    const r = await user.call('PATCH', '/api/me', { password: 'a-new-password' });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]).toMatchObject({ path: ['currentPassword'], message: 'is required to change the password' });
  });

  it('keeps revocations across a restart of the sessions (a new process loads them)', async () => {
    const user = await User.signUp(stack.base, unique('max'));
    await user.call('DELETE', '/api/session');
    const { Sessions } = await import('../src/index.ts');
    const restarted = await Sessions.start({ pool: stack.pool, secret: 'accounts-test-secret-that-is-long-enough' });
    expect(() => restarted.verify(user.token)).toThrow(/signed-out/);
  });
});

describe.skipIf(!server)('sign-in rate limit per address', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('accounts_address_limit', {
      signInLimits: {
        perAccountAddress: { limit: 100, windowMs: 60_000 },
        perAddress: { limit: 4, windowMs: 60_000 },
        perAccount: { free: 2, windowMs: 60_000, baseMs: 1_000, maxMs: 4_000 },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses an address after too many failures across different usernames', async () => {
    const attempt = (username: string) => call(stack.base, 'POST', '/api/session', { body: { username, password: 'guessing-123' } });
    for (let i = 0; i < 4; i++) expect((await attempt(`victim${i}`)).status).toBe(401);
    const limited = await attempt('victim99');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('slows a username failing from many addresses down with a short backoff, never a lockout', async () => {
    const username = 'spread-target';
    expect((await call(stack.base, 'POST', '/api/accounts', { body: { username, displayName: 'S', password: 'spread-password-1' } })).status).toBe(201);
    // Three guessers, one failure each: two are free, the third starts the backoff (1 s, doubling, at most 4 s).
    for (const from of ['127.0.0.11', '127.0.0.12', '127.0.0.13']) {
      expect((await postFrom(from, stack.base, '/api/session', { username, password: 'guessing-123' })).status).toBe(401);
    }
    const owner = await postFrom('127.0.0.14', stack.base, '/api/session', { username, password: 'spread-password-1' });
    expect(owner.status).toBe(429);
    expect(Number(owner.retryAfter)).toBeGreaterThan(0);
    expect(Number(owner.retryAfter)).toBeLessThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, Number(owner.retryAfter) * 1000));
    expect((await postFrom('127.0.0.14', stack.base, '/api/session', { username, password: 'spread-password-1' })).status).toBe(200);
  });
});

describe.skipIf(!server)('refresh limits and reuse after the leeway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('accounts_refresh_limits', { refreshLimit: { limit: 4, windowMs: 60_000 }, refreshReuseLeewayMs: 200 });
  });
  afterAll(async () => {
    await stack?.close();
  });
  const post = (path: string, body: unknown) => call(stack.base, 'POST', path, { body });

  it('limits refreshes per session, so a client in a refresh loop runs out of its own refreshes only', async () => {
    const storming = await post('/api/session', { displayName: 'Storm' });
    const calm = await post('/api/session', { displayName: 'Calm' });
    let token = storming.body.refreshToken as string;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await post('/api/session/refresh', { refreshToken: token });
      statuses.push(r.status);
      if (r.status === 200) token = r.body.refreshToken;
      if (r.status === 429) {
        expect(r.body.error).toMatchObject({ code: 'RATE_LIMITED' });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Another session (same address) refreshes as before, and the storming one is still signed in.
    expect((await post('/api/session/refresh', { refreshToken: calm.body.refreshToken })).status).toBe(200);
    expect((await call(stack.base, 'GET', '/api/me', { token: storming.body.token })).status).toBe(200);
  });

  it('ends the session when the token replaced last comes back after the leeway', async () => {
    const first = await post('/api/session', { displayName: 'Slow' });
    const second = await post('/api/session/refresh', { refreshToken: first.body.refreshToken });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await post('/api/session/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
    expect((await post('/api/session/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
  });
});

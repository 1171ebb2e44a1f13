// The access sweep: every route × {anonymous, guest, participant, moderator, host, admin} against
// one table of what each may do, over the app's real composition; every refusal writes nothing.
import { randomUUID } from 'node:crypto';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, User, call, startStack } from './support/stack.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

const ROLES = ['anonymous', 'guest', 'participant', 'moderator', 'host', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** Expected status per role, or status and error code. */
type Expect = number | [number, string];
type Row = { method: string; path: (id: string) => string; body?: () => unknown; expect: Record<Role, Expect> };

const all = (e: Expect): Record<Role, Expect> => Object.fromEntries(ROLES.map((r) => [r, e])) as Record<Role, Expect>;
const forbidden: Expect = [403, 'FORBIDDEN'];
// Without a token: sign in first (401), not "never for you" (issue 19: anonymous audit reads were 403).
const moderatorsOnly: Record<Role, Expect> = { anonymous: [401, 'UNAUTHENTICATED'], guest: forbidden, participant: forbidden, moderator: 200, host: 200, admin: 200 };
const adminOnly: Record<Role, Expect> = { ...all(forbidden), anonymous: [401, 'UNAUTHENTICATED'], admin: 200 };
const signedIn = (e: Expect): Record<Role, Expect> => ({ ...all(e), anonymous: [401, 'UNAUTHENTICATED'] });

const TABLE: Row[] = [
  { method: 'GET', path: () => '/api/debates', expect: all(200) },
  { method: 'GET', path: (id) => `/api/debates/${id}`, expect: all(200) },
  { method: 'GET', path: (id) => `/api/debates/${id}/timeline`, expect: all(200) },
  { method: 'GET', path: (id) => `/api/debates/${id}/state?position=999999`, expect: all(200) },
  { method: 'GET', path: (id) => `/api/debates/${id}/analytics/speaking-time`, expect: all(200) },
  { method: 'GET', path: (id) => `/api/debates/${id}/votes`, expect: all(200) },
  { method: 'GET', path: (id) => `/api/debates/${id}/voice`, expect: all(200) },
  { method: 'GET', path: () => '/api/openapi.json', expect: all(200) },
  { method: 'GET', path: (id) => `/api/debates/${id}/events`, expect: moderatorsOnly },
  { method: 'GET', path: () => '/api/audit', expect: adminOnly },
  { method: 'GET', path: () => '/api/audit.csv', expect: adminOnly },
  { method: 'GET', path: (id) => `/api/audit?debateId=${id}`, expect: moderatorsOnly },
  { method: 'GET', path: (id) => `/api/audit.csv?debateId=${id}`, expect: moderatorsOnly },
  { method: 'GET', path: () => '/api/me', expect: signedIn(200) },
  { method: 'PATCH', path: () => '/api/me', body: () => ({ displayName: 'Renamed' }), expect: { ...signedIn(200), guest: [403, 'ACCOUNT_REQUIRED'] } },
  {
    method: 'POST',
    path: () => '/api/debates',
    body: () => ({ commandId: randomUUID(), title: 'Another', book: { title: 'Emma', author: 'Jane Austen' }, motion: 'Emma is kind', format: 'free' }),
    expect: { ...signedIn(201), guest: [403, 'ACCOUNT_REQUIRED'] },
  },
  {
    method: 'POST',
    path: (id) => `/api/debates/${id}/commands`,
    body: () => ({ commandId: randomUUID(), type: 'CastVote', data: { voteId: 'pre', option: 'yes' } }),
    // The admin has no part in this debate: the domain refuses the ballot.
    expect: { ...signedIn(200), guest: [403, 'ACCOUNT_REQUIRED'], admin: [422, 'NOT_PARTICIPANT'] },
  },
  {
    method: 'POST',
    path: (id) => `/api/debates/${id}/commands`,
    body: () => ({ commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text: 'hi' } }),
    expect: { ...signedIn(200), admin: [422, 'NOT_PARTICIPANT'] },
  },
];

describe.skipIf(!server)('access sweep', () => {
  let stack: Stack;
  let debateId: string;
  const tokens: Partial<Record<Role, string>> = {};

  const counts = async () => {
    const { rows } = await stack.pool.query(
      `SELECT (SELECT count(*) FROM eventstore.events)::int AS events, (SELECT count(*) FROM accounts.accounts)::int AS accounts,
              (SELECT count(*) FROM accounts.sessions)::int AS sessions, (SELECT count(*) FROM accounts.keys)::int AS keys`,
    );
    return rows[0];
  };

  beforeAll(async () => {
    stack = await startStack('accounts_access', { admins: ['Root'] });
    const host = await User.signUp(stack.base, 'host', 'Host');
    const participant = await User.signUp(stack.base, 'pat', 'Pat');
    const moderator = await User.signUp(stack.base, 'moe', 'Mo');
    const admin = await User.signUp(stack.base, 'root', 'Root');
    const guest = await User.guest(stack.base, 'Guest');
    debateId = await host.createDebate();
    await host.must(debateId, 'OpenDebate');
    await host.must(debateId, 'JoinDebate', { role: 'audience' });
    await participant.must(debateId, 'JoinDebate', { role: 'speaker', side: 'pro' });
    await moderator.must(debateId, 'JoinDebate', { role: 'audience' });
    await guest.must(debateId, 'JoinDebate', { role: 'audience' });
    await host.must(debateId, 'AssignModerator', { accountId: moderator.accountId, reason: 'helps' });
    await host.must(debateId, 'LockRoom', { reason: 'a moment' });
    await host.must(debateId, 'UnlockRoom', { reason: 'go on' });
    await host.must(debateId, 'OpenVote', { voteId: 'pre', question: 'Agree?', options: ['yes', 'no'], sides: ['pro', 'con'], kind: 'pre' });
    await stack.settle();
    Object.assign(tokens, { guest: guest.token, participant: participant.token, moderator: moderator.token, host: host.token, admin: admin.token });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const cases = TABLE.flatMap((row) => ROLES.map((role) => ({ row, role, label: `${row.method} ${row.path(':id')} as ${role}` })));

  it.each(cases)('$label', async ({ row, role }) => {
    const before = await counts();
    const r = await call(stack.base, row.method, row.path(debateId), { token: tokens[role], body: row.body?.() });
    const [status, code] = typeof row.expect[role] === 'number' ? [row.expect[role] as number, undefined] : (row.expect[role] as [number, string]);
    expect(r.status, r.text.slice(0, 300)).toBe(status);
    if (code) expect(r.body.error.code).toBe(code);
    if (status >= 400) expect(await counts()).toEqual(before);
  });

  it('shows a moderator the audit rows of their debate', async () => {
    const r = await call(stack.base, 'GET', `/api/audit?debateId=${debateId}`, { token: tokens.moderator });
    expect(r.body.items.map((i: { action: string }) => i.action)).toContain('RoomLocked');
  });

  it('refuses a forged token with 401 rather than treating it as anonymous', async () => {
    const r = await call(stack.base, 'GET', '/api/audit', { token: `${tokens.admin!.slice(0, -2)}xx` });
    expect(r.status).toBe(401);
  });
});

// Roles taken back take effect on the read guards at once, and removal sticks: over the app's real
// composition (accounts, read guards, command router, projections) on a fresh PostgreSQL database.
// - a removed moderator, and a revoked one, get 403 on the debate's audit and raw events;
// - RevokeModerator is the host's and a site admin's (the admin flag reaches the decider);
// - a removed account stays out under a new session; an accounts-only room refuses guests.
import { randomUUID } from 'node:crypto';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Reply, type Stack, User, call, startStack } from './support/stack.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('role changes and removals', () => {
  let stack: Stack;
  let host: User;
  let admin: User;

  beforeAll(async () => {
    stack = await startStack('accounts_roles', { admins: ['root'] });
    host = await User.signUp(stack.base, 'host', 'Host');
    admin = await User.signUp(stack.base, 'root', 'Root');
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** The two restricted reads of a debate, as this user. */
  const restrictedReads = async (who: User, debateId: string) => {
    await stack.settle();
    const audit = await who.call('GET', `/api/audit?debateId=${debateId}`);
    const events = await who.call('GET', `/api/debates/${debateId}/events`);
    return [audit.status, events.status];
  };
  const signIn = async (username: string): Promise<User> => {
    const r = await call(stack.base, 'POST', '/api/session', { body: { username, password: `${username}-long-password` } });
    if (r.status !== 200) throw new Error(`sign-in ${username}: ${r.status} ${r.text}`);
    return new User(stack.base, r.body.token, r.body.accountId, r.body.displayName);
  };
  const refused = (r: Reply, status: number, code: string) => {
    expect(r.status, r.text.slice(0, 300)).toBe(status);
    expect(r.body.error.code).toBe(code);
  };

  /** An open debate with `moe` joined and made a moderator. */
  const withModerator = async (username: string) => {
    const moe = await User.signUp(stack.base, username, 'Mo');
    const debateId = await host.createDebate();
    await host.must(debateId, 'OpenDebate');
    await host.must(debateId, 'JoinDebate', { role: 'audience' });
    await moe.must(debateId, 'JoinDebate', { role: 'audience' });
    await host.must(debateId, 'AssignModerator', { accountId: moe.accountId, reason: 'helps' });
    expect(await restrictedReads(moe, debateId)).toEqual([200, 200]);
    return { moe, debateId };
  };

  it('a removed moderator can no longer read the audit or the raw events, nor moderate', async () => {
    const { moe, debateId } = await withModerator('moe1');
    await host.must(debateId, 'RemoveParticipant', { accountId: moe.accountId, reason: 'abuse' });
    expect(await restrictedReads(moe, debateId)).toEqual([403, 403]);
    refused(await moe.command(debateId, 'LockRoom', {}), 403, 'NOT_MODERATOR');
  });

  it('a revoked moderator can no longer read the audit or the raw events, nor moderate', async () => {
    const { moe, debateId } = await withModerator('moe2');
    await host.must(debateId, 'RevokeModerator', { accountId: moe.accountId, reason: 'conflict of interest' });
    expect(await restrictedReads(moe, debateId)).toEqual([403, 403]);
    refused(await moe.command(debateId, 'LockRoom', {}), 403, 'NOT_MODERATOR');
    // Still in the room, as audience.
    const state = await call(stack.base, 'GET', `/api/debates/${debateId}`);
    expect(state.body.participants.find((p: { accountId: string }) => p.accountId === moe.accountId)?.role).toBe('audience');
    expect(state.body.moderators).not.toContain(moe.accountId);
    // The audit lists the revocation like every moderation action.
    const audit = await host.call('GET', `/api/audit?debateId=${debateId}`);
    expect(audit.body.items.map((i: { action: string; targetId: string | null; reason: string }) => [i.action, i.targetId, i.reason])).toContainEqual([
      'ModeratorRevoked',
      moe.accountId,
      'conflict of interest',
    ]);
  });

  it('only the host or a site admin may revoke; the host cannot be revoked', async () => {
    const { moe, debateId } = await withModerator('moe3');
    const other = await User.signUp(stack.base, 'moe3b', 'Other');
    await other.must(debateId, 'JoinDebate', { role: 'audience' });
    await host.must(debateId, 'AssignModerator', { accountId: other.accountId });
    const before = await stack.countEvents();
    refused(await other.command(debateId, 'RevokeModerator', { accountId: moe.accountId }), 403, 'NOT_HOST');
    refused(await host.command(debateId, 'RevokeModerator', { accountId: host.accountId }), 422, 'CANNOT_TARGET_HOST');
    expect(await stack.countEvents()).toBe(before);
    // The admin has no part in this debate; the role is theirs to take back all the same.
    await admin.must(debateId, 'RevokeModerator', { accountId: moe.accountId, reason: 'site policy' });
    expect(await restrictedReads(moe, debateId)).toEqual([403, 403]);
  });

  it('a removed account cannot rejoin under a new session', async () => {
    const pat = await User.signUp(stack.base, 'pat', 'Pat');
    const debateId = await host.createDebate();
    await host.must(debateId, 'OpenDebate');
    await pat.must(debateId, 'JoinDebate', { role: 'audience' });
    await host.must(debateId, 'RemoveParticipant', { accountId: pat.accountId, reason: 'spam' });
    const again = await signIn('pat');
    const before = await stack.countEvents();
    refused(await again.command(debateId, 'JoinDebate', { role: 'audience' }), 403, 'PARTICIPANT_REMOVED');
    refused(await pat.command(debateId, 'JoinDebate', { role: 'audience' }), 403, 'PARTICIPANT_REMOVED');
    expect(await stack.countEvents()).toBe(before);
  });

  it('an accounts-only room refuses guests (at creation or switched on later) and lets accounts in', async () => {
    const created = await host.call('POST', '/api/debates', {
      commandId: randomUUID(),
      title: 'Members only',
      book: { title: 'Middlemarch', author: 'George Eliot' },
      motion: 'This house believes Dorothea chose wisely',
      format: 'free',
      accountsOnly: true,
    });
    expect(created.status, created.text).toBe(201);
    const closed = created.body.debateId as string;
    await host.must(closed, 'OpenDebate');
    const guest = await User.guest(stack.base, 'Visitor');
    const before = await stack.countEvents();
    refused(await guest.command(closed, 'JoinDebate', { role: 'audience' }), 403, 'ACCOUNTS_ONLY');
    expect(await stack.countEvents()).toBe(before);
    const member = await User.signUp(stack.base, 'member', 'Member');
    await member.must(closed, 'JoinDebate', { role: 'audience' });

    // Switched on later: a guest removed from an open room comes back as a new guest only until then.
    const open = await host.createDebate();
    await host.must(open, 'OpenDebate');
    const first = await User.guest(stack.base, 'Troll');
    await first.must(open, 'JoinDebate', { role: 'audience' });
    await host.must(open, 'RemoveParticipant', { accountId: first.accountId, reason: 'trolling' });
    await host.must(open, 'SetRoomAccess', { accountsOnly: true, reason: 'trolling' });
    const second = await User.guest(stack.base, 'Troll');
    refused(await second.command(open, 'JoinDebate', { role: 'audience' }), 403, 'ACCOUNTS_ONLY');
    await stack.settle();
    const state = await call(stack.base, 'GET', `/api/debates/${open}`);
    expect(state.body.accountsOnly).toBe(true);
  });
});

// What guests may do, and one ballot per account, through the HTTP command API.
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, User, call, startStack } from './support/stack.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('guests and accounts in a debate', () => {
  let stack: Stack;
  let host: User;
  let debateId: string;

  beforeAll(async () => {
    stack = await startStack('accounts_guests');
    host = await User.signUp(stack.base, 'host', 'Host');
    debateId = await host.createDebate();
    await host.must(debateId, 'OpenDebate');
    await host.must(debateId, 'OpenVote', { voteId: 'pre', question: 'Agree?', options: ['yes', 'no'], sides: ['pro', 'con'], kind: 'pre' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const tallies = async () => {
    await stack.settle();
    const r = await call(stack.base, 'GET', `/api/debates/${debateId}`);
    const pre = (r.body.votes as { voteId: string; tallies: Record<string, number> }[]).find((v) => v.voteId === 'pre')!;
    return { yes: pre.tallies.yes ?? 0, no: pre.tallies.no ?? 0 };
  };

  it('lets a guest listen and chat', async () => {
    const guest = await User.guest(stack.base, 'Listener');
    expect((await guest.command(debateId, 'JoinDebate', { role: 'audience' })).status).toBe(200);
    expect((await guest.command(debateId, 'PostMessage', { kind: 'chat', text: 'hello' })).status).toBe(200);
  });

  it.each([
    ['JoinDebate', { role: 'speaker', side: 'pro' }],
    ['CastVote', { voteId: 'pre', option: 'yes' }],
    ['RaiseHand', {}],
  ])('refuses a guest %s with 403 ACCOUNT_REQUIRED, writing nothing', async (type, data) => {
    const guest = await User.guest(stack.base, 'Guest');
    await guest.must(debateId, 'JoinDebate', { role: 'audience' });
    const before = await stack.countEvents();
    const r = await guest.command(debateId, type, data);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ACCOUNT_REQUIRED');
    expect(await stack.countEvents()).toBe(before);
  });

  it('refuses a guest creating a debate', async () => {
    const guest = await User.guest(stack.base, 'Would-be host');
    const before = await stack.countEvents();
    await expect(guest.createDebate()).rejects.toThrow(/403 .*ACCOUNT_REQUIRED/);
    expect(await stack.countEvents()).toBe(before);
  });

  it('refuses promoting a guest to speaker', async () => {
    const guest = await User.guest(stack.base, 'Promoted');
    await guest.must(debateId, 'JoinDebate', { role: 'audience' });
    const r = await host.command(debateId, 'PromoteToSpeaker', { accountId: guest.accountId, reason: '' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ACCOUNT_REQUIRED');
  });

  it('counts one ballot per account across its sessions', async () => {
    const voter = await User.signUp(stack.base, 'voter', 'Voter', 'voter-password');
    await voter.must(debateId, 'JoinDebate', { role: 'audience' });
    const before = await tallies();
    await voter.must(debateId, 'CastVote', { voteId: 'pre', option: 'yes' });
    // A second session of the same account is the same voter: its ballot replaces the first.
    const again = await call(stack.base, 'POST', '/api/session', { body: { username: 'VOTER', password: 'voter-password' } });
    const second = new User(stack.base, again.body.token, again.body.accountId, 'Voter');
    await second.must(debateId, 'CastVote', { voteId: 'pre', option: 'no' });
    const after = await tallies();
    expect(after.yes + after.no).toBe(before.yes + before.no + 1);
    expect(after.no).toBe(before.no + 1);
  });
});

describe.skipIf(!server)('guests when BOOKTALK_GUESTS_MAY grants voting', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('accounts_guests_may', { guestsMay: new Set(['vote']) });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lets a guest vote but still not speak', async () => {
    const host = await User.signUp(stack.base, 'host2', 'Host');
    const id = await host.createDebate();
    await host.must(id, 'OpenDebate');
    await host.must(id, 'OpenVote', { voteId: 'pre', question: 'Agree?', options: ['yes', 'no'], sides: ['pro', 'con'], kind: 'pre' });
    const guest = await User.guest(stack.base, 'Guest');
    await guest.must(id, 'JoinDebate', { role: 'audience' });
    expect((await guest.command(id, 'CastVote', { voteId: 'pre', option: 'yes' })).status).toBe(200);
    expect((await guest.command(id, 'RaiseHand')).body.error.code).toBe('ACCOUNT_REQUIRED');
  });
});

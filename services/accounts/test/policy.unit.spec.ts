// The pure guest policy and read-access decision.
import { describe, expect, it } from 'vitest';
import { mayIssue, mayRead, parseCapabilities } from '../src/index.ts';

describe('mayIssue (guest policy)', () => {
  it.each([
    ['CreateDebate', {}],
    ['CastVote', { voteId: 'v', option: 'yes' }],
    ['RaiseHand', {}],
    ['JoinDebate', { role: 'speaker' }],
    ['AcceptInvitation', {}],
  ])('refuses a guest %s', (type, data) => {
    expect(mayIssue({ type, data }, 'guest')).toMatchObject({ ok: false, code: 'ACCOUNT_REQUIRED' });
  });

  it.each([
    ['JoinDebate', { role: 'audience' }],
    ['PostMessage', { kind: 'chat', text: 'hi' }],
    ['LeaveDebate', {}],
    ['LowerHand', {}],
    ['DeclineInvitation', {}],
  ])('lets a guest %s', (type, data) => {
    expect(mayIssue({ type, data }, 'guest')).toEqual({ ok: true });
  });

  it('lets an account do all of it', () => {
    for (const type of ['CreateDebate', 'CastVote', 'RaiseHand']) expect(mayIssue({ type }, 'account').ok).toBe(true);
  });

  it('grants guests the configured capabilities only', () => {
    const guestsMay = parseCapabilities('vote, host');
    expect(mayIssue({ type: 'CastVote' }, 'guest', guestsMay).ok).toBe(true);
    expect(mayIssue({ type: 'CreateDebate' }, 'guest', guestsMay).ok).toBe(true);
    expect(mayIssue({ type: 'RaiseHand' }, 'guest', guestsMay).ok).toBe(false);
  });

  it('refuses promoting a guest, whoever asks', () => {
    expect(mayIssue({ type: 'PromoteToSpeaker', data: { accountId: 'g_1' } }, 'account').ok).toBe(false);
    expect(mayIssue({ type: 'PromoteToSpeaker', data: { accountId: 'u_1' } }, 'account').ok).toBe(true);
  });

  it('refuses inviting a guest to speak, whoever asks', () => {
    expect(mayIssue({ type: 'InviteToSpeak', data: { accountId: 'g_1', side: 'pro' } }, 'account').ok).toBe(false);
    expect(mayIssue({ type: 'InviteToSpeak', data: { accountId: 'u_1', side: 'pro' } }, 'account').ok).toBe(true);
  });

  it('names an unknown capability', () => {
    expect(() => parseCapabilities('vote,shout')).toThrow(/"shout".*speak, vote, host/);
  });
});

describe('mayRead', () => {
  const roles = { hostId: 'u_host', moderators: ['u_host', 'u_mod'] };
  const reader = (accountId: string, admin = false) => ({ accountId, kind: 'account' as const, admin });

  it('lets an admin read everything', () => {
    expect(mayRead({ resource: 'audit', debateId: null }, reader('u_x', true), null).ok).toBe(true);
  });

  it('keeps the audit of all debates from a host', () => {
    expect(mayRead({ resource: 'audit', debateId: null }, reader('u_host'), roles)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it.each(['u_host', 'u_mod'])('lets %s read the debate they moderate', (id) => {
    expect(mayRead({ resource: 'events', debateId: 'd' }, reader(id), roles).ok).toBe(true);
  });

  it('refuses a participant and the anonymous', () => {
    expect(mayRead({ resource: 'events', debateId: 'd' }, reader('u_pat'), roles).ok).toBe(false);
    expect(mayRead({ resource: 'audit', debateId: 'd' }, null, roles)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(mayRead({ resource: 'audit', debateId: null }, null, null)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('refuses everyone but admins for a debate that does not exist', () => {
    expect(mayRead({ resource: 'events', debateId: 'd' }, reader('u_host'), null).ok).toBe(false);
  });
});

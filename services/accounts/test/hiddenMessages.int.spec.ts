// Hidden means hidden (issue 19, item 3): after HideMessage no read that is not a moderator's —
// the projected state, the timeline and its summaries, the replay at any instant (also before the
// hide), the raw stream — carries the message's text; the host, the debate's moderators and site
// admins read it, marked hidden. The whole HTTP app on real PostgreSQL, with real sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { type Stack, User, call, startStack } from './support/stack.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

const SECRET = 'Is the moderator secretly Casaubon';

interface ViewMessage {
  messageId: string;
  text: string;
  hidden?: boolean;
}
interface TimelineLine {
  type: string;
  summary: string;
  hidden?: boolean;
}

describe.skipIf(!server)('a hidden message', () => {
  let stack: Stack;
  let admin: User;
  let host: User;
  let moderator: User;
  let emma: User;
  let listener: User;
  let guest: User;
  let debateId: string;
  let postedAt: string;
  let messageId: string;

  const reads = (id: string) => [`/api/debates/${id}`, `/api/debates/${id}/timeline?limit=500`, `/api/debates/${id}/state?position=${postedAt}`, `/api/debates/${id}/state?position=999999`];

  beforeAll(async () => {
    stack = await startStack('accounts_hidden', { admins: ['admin'] });
    admin = await User.signUp(stack.base, 'admin', 'Admin');
    host = await User.signUp(stack.base, 'host', 'Host');
    moderator = await User.signUp(stack.base, 'mod', 'Mod');
    emma = await User.signUp(stack.base, 'emma', 'Emma');
    listener = await User.signUp(stack.base, 'listener', 'Listener');
    guest = await User.guest(stack.base, 'Guest');
    debateId = await host.createDebate();
    await host.must(debateId, 'OpenDebate');
    for (const p of [moderator, emma, listener, guest]) await p.must(debateId, 'JoinDebate', { role: 'audience' });
    await host.must(debateId, 'AssignModerator', { accountId: moderator.accountId, reason: '' });
    const posted = await emma.must(debateId, 'PostMessage', { kind: 'question', text: SECRET });
    postedAt = posted.body.position as string;
    await emma.must(debateId, 'PostMessage', { kind: 'chat', text: 'a message nobody hides' });
    await stack.settle();
    const view = await host.call('GET', `/api/debates/${debateId}`);
    messageId = (view.body.messages as ViewMessage[]).find((m) => m.text === SECRET)!.messageId;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('is public before it is hidden (so the checks below can fail)', async () => {
    for (const path of reads(debateId)) expect((await call(stack.base, 'GET', path)).text, path).toContain(SECRET);
  });

  describe('after HideMessage', () => {
    beforeAll(async () => {
      await moderator.must(debateId, 'HideMessage', { messageId, reason: 'off topic' });
      await stack.settle();
    });

    it('is in no read of anyone who does not moderate the debate: anonymous, a guest, a listener, its author', async () => {
      for (const reader of [null, guest, listener, emma]) {
        for (const path of reads(debateId)) {
          const r = await call(stack.base, 'GET', path, { token: reader?.token });
          expect(r.status, path).toBe(200);
          expect(r.text, `${path} as ${reader?.displayName ?? 'anonymous'}`).not.toContain(SECRET);
        }
        // The raw stream stays theirs to be refused (anonymous: sign in first).
        expect((await call(stack.base, 'GET', `/api/debates/${debateId}/events`, { token: reader?.token })).status).toBe(reader ? 403 : 401);
      }
    });

    it('leaves a line in the public timeline that says who posted what kind, without the text', async () => {
      const r = await listener.call('GET', `/api/debates/${debateId}/timeline?limit=500`);
      const lines = r.body.items as TimelineLine[];
      expect(lines.find((l) => l.type === 'MessagePosted' && l.hidden)).toMatchObject({ summary: "Emma's question, hidden by a moderator", hidden: true, values: { authorId: 'Emma', kind: 'question' } });
      expect(lines.filter((l) => l.type === 'MessagePosted' && !l.hidden).map((l) => l.summary)).toEqual(['Emma wrote: a message nobody hides']);
    });

    it('shows the host, a moderator and an admin the message marked hidden, in the state, the timeline and the replay', async () => {
      for (const reader of [host, moderator, admin]) {
        const view = await reader.call('GET', `/api/debates/${debateId}`);
        expect((view.body.messages as ViewMessage[]).find((m) => m.messageId === messageId), reader.displayName).toMatchObject({ text: SECRET, hidden: true });
        const before = await reader.call('GET', `/api/debates/${debateId}/state?position=${postedAt}`);
        expect((before.body.messages as ViewMessage[]).find((m) => m.messageId === messageId), reader.displayName).toMatchObject({ text: SECRET, hidden: true });
        const timeline = await reader.call('GET', `/api/debates/${debateId}/timeline?limit=500`);
        expect((timeline.body.items as TimelineLine[]).find((l) => l.type === 'MessagePosted' && l.hidden), reader.displayName).toMatchObject({ summary: `Emma asked: ${SECRET}` });
        expect((await reader.call('GET', `/api/debates/${debateId}/events`)).text).toContain(SECRET);
      }
    });

    it('keeps the timeline hidden across a rebuild of the read models', async () => {
      const { rebuildProjections, allProjections } = await import('@booktalk/projector');
      await rebuildProjections({ pool: stack.pool, store: stack.accounts.shred(stack.raw), projections: allProjections });
      await stack.settle();
      for (const path of reads(debateId)) expect((await listener.call('GET', path)).text, path).not.toContain(SECRET);
    });
  });
});

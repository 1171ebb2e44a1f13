// The ports the host injects: session revocation drops the session's sockets, the command
// policy refuses what a guest may not do, and the metrics land on the host's registry.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../src/index.ts';
import { type Person, openDebate, send } from './support/debates.ts';
import { type Stack, type TestNode, connect, nextMessage, postgres, request, startStack, waitFor } from './support/stack.ts';

describe.skipIf(!postgres)('injected ports', () => {
  let stack: Stack;
  let node: TestNode;
  const sockets: Socket[] = [];
  const revokedListeners: ((sessionId: string, accountId?: string) => void)[] = [];
  // Tokens of the form "<accountId>.<sessionId>.<kind>[.admin]": enough to exercise the ports.
  const verifyToken = async (token: string): Promise<Identity> => {
    const [accountId, sessionId, kind, admin] = token.split('.');
    if (!accountId || !sessionId || (kind !== 'account' && kind !== 'guest')) throw new Error('bad token');
    return { accountId, displayName: accountId, sessionId, kind, ...(admin === 'admin' ? { admin: true } : {}) };
  };
  const person = (accountId: string): Person => ({ accountId, displayName: accountId, token: `${accountId}.s-${accountId}.account` });

  beforeAll(async () => {
    stack = await startStack({ sweep: false });
    node = await stack.startNode({
      sweep: false,
      ports: {
        verifyToken,
        onSessionRevoked: (listener) => {
          revokedListeners.push(listener);
          return () => revokedListeners.splice(revokedListeners.indexOf(listener), 1);
        },
        commandPolicy: (command, who) =>
          who.kind === 'guest' && command.type === 'RaiseHand' ? { code: 'ACCOUNT_REQUIRED', message: 'Speaking needs an account' } : null,
      },
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
  });

  it('drops the sockets of a revoked session and records their voice leave', async () => {
    const [host, alice] = [person(`h${randomUUID().slice(0, 6)}`), person(`a${randomUUID().slice(0, 6)}`)];
    const debateId = await openDebate(node.handler, stack.pool, host, [alice]);
    const s = await connect(node.url, alice.token);
    sockets.push(s);
    await request(s, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId });
    const notice = nextMessage(s, 'S_SESSION_REVOKED');
    const gone = new Promise((resolve) => s.once('disconnect', resolve));
    for (const listener of revokedListeners) listener(`s-${alice.accountId}`, alice.accountId);
    expect(await notice).toEqual({ reason: 'revoked' });
    await gone;
    await waitFor(async () => (await stack.countEvents('VoiceLeft')) === 1, 'the VoiceLeft of the revoked session');
  });

  it('refuses a command the policy forbids, with the policy’s code, and writes nothing', async () => {
    const host = person(`h${randomUUID().slice(0, 6)}`);
    const debateId = await openDebate(node.handler, stack.pool, host, []);
    const guest = await connect(node.url, `g${randomUUID().slice(0, 6)}.s-guest.guest`);
    sockets.push(guest);
    const before = await stack.countEvents();
    const ack = await request(guest, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'RaiseHand', data: {} });
    expect(ack).toEqual({ ok: false, error: { code: 'ACCOUNT_REQUIRED', message: 'Speaking needs an account' } });
    expect(await stack.countEvents()).toBe(before);
  });

  // The identity's kind and admin flag reach the decider with C_COMMAND, as they do over HTTP.
  it('refuses a guest in an accounts-only room with ACCOUNTS_ONLY and writes nothing', async () => {
    const host = person(`h${randomUUID().slice(0, 6)}`);
    const debateId = await openDebate(node.handler, stack.pool, host, []);
    await send(node.handler, debateId, host, { type: 'SetRoomAccess', data: { accountsOnly: true } });
    const guest = await connect(node.url, `g${randomUUID().slice(0, 6)}.s-guest2.guest`);
    const member = await connect(node.url, `m${randomUUID().slice(0, 6)}.s-member.account`);
    sockets.push(guest, member);
    const before = await stack.countEvents();
    const ack = await request(guest, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'JoinDebate', data: { role: 'audience' } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'ACCOUNTS_ONLY' } });
    expect(await stack.countEvents()).toBe(before);
    expect(await request(member, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'JoinDebate', data: { role: 'audience' } })).toMatchObject({ ok: true });
  });

  it('keeps a removed account out under any of its sessions', async () => {
    const host = person(`h${randomUUID().slice(0, 6)}`);
    const pat = person(`p${randomUUID().slice(0, 6)}`);
    const debateId = await openDebate(node.handler, stack.pool, host, []);
    await send(node.handler, debateId, pat, { type: 'JoinDebate', data: { role: 'audience' } });
    await send(node.handler, debateId, host, { type: 'RemoveParticipant', data: { accountId: pat.accountId, reason: 'spam' } });
    const before = await stack.countEvents();
    for (const session of ['s-one', 's-two']) {
      const s = await connect(node.url, `${pat.accountId}.${session}.account`);
      sockets.push(s);
      const ack = await request(s, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'JoinDebate', data: { role: 'audience' } });
      expect(ack).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_REMOVED' } });
    }
    expect(await stack.countEvents()).toBe(before);
  });

  it('lets a site admin revoke a moderator; a co-moderator may not', async () => {
    const host = person(`h${randomUUID().slice(0, 6)}`);
    const [mo, other] = [person(`o${randomUUID().slice(0, 6)}`), person(`q${randomUUID().slice(0, 6)}`)];
    const debateId = await openDebate(node.handler, stack.pool, host, [mo, other]);
    await send(node.handler, debateId, host, { type: 'AssignModerator', data: { accountId: mo.accountId } });
    await send(node.handler, debateId, host, { type: 'AssignModerator', data: { accountId: other.accountId } });
    const coModerator = await connect(node.url, `${other.accountId}.s-other.account`);
    const root = await connect(node.url, `root${randomUUID().slice(0, 6)}.s-root.account.admin`);
    sockets.push(coModerator, root);
    const revoke = { debateId, type: 'RevokeModerator', data: { accountId: mo.accountId, reason: 'policy' } };
    expect(await request(coModerator, 'C_COMMAND', { ...revoke, commandId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(await request(root, 'C_COMMAND', { ...revoke, commandId: randomUUID() })).toMatchObject({ ok: true });
    expect(await stack.countEvents('ModeratorRevoked')).toBe(1);
  });

  it('registers its metrics on the registry it was given, without per-debate labels', async () => {
    const text = await node.registry.metrics();
    for (const name of [
      'booktalk_signaling_connected_sockets',
      'booktalk_signaling_voice_rooms',
      'booktalk_signaling_relay_seconds',
      'booktalk_signaling_command_push_seconds',
      'booktalk_signaling_messages_refused_total',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    expect(text).toMatch(/booktalk_signaling_messages_refused_total\{reason="ACCOUNT_REQUIRED"\} 1/);
    const labelNames = new Set([...text.matchAll(/\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(',').map((pair) => pair.split('=')[0])));
    expect([...labelNames].sort()).toEqual(['event', 'kind', 'le', 'reason'].filter((l) => labelNames.has(l)));
  });
});

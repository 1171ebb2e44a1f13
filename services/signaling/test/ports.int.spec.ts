// The ports the host injects: session revocation drops the session's sockets, the command
// policy refuses what a guest may not do, and the metrics land on the host's registry.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../src/index.ts';
import { type Person, openDebate } from './support/debates.ts';
import { type Stack, type TestNode, connect, nextMessage, postgres, request, startStack, waitFor } from './support/stack.ts';

describe.skipIf(!postgres)('injected ports', () => {
  let stack: Stack;
  let node: TestNode;
  const sockets: Socket[] = [];
  const revokedListeners: ((sessionId: string, accountId?: string) => void)[] = [];
  // Tokens of the form "<accountId>.<sessionId>.<kind>": enough to exercise the ports.
  const verifyToken = async (token: string): Promise<Identity> => {
    const [accountId, sessionId, kind] = token.split('.');
    if (!accountId || !sessionId || (kind !== 'account' && kind !== 'guest')) throw new Error('bad token');
    return { accountId, displayName: accountId, sessionId, kind };
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

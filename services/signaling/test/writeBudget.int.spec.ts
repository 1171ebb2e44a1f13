// One write budget per account on the socket (the one its HTTP requests spend too), and bounds on
// the voice lifecycle records a client can cause (issue 19, item 9: one socket wrote ~100 events
// a second where the same account got 20 over HTTP: 490 PostMessage in 5 s over C_COMMAND, 90
// link reports, 120 records from 40 leave/join cycles).
import { randomUUID } from 'node:crypto';
import { InMemoryRateBudget, accountBudgetKey } from '@booktalk/api';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate } from './support/debates.ts';
import { type Stack, type TestNode, connect, postgres, request, startStack } from './support/stack.ts';

const BUDGET = 20;

describe.skipIf(!postgres)('write budget and voice record bounds on the socket', () => {
  let stack: Stack;
  let node: TestNode;
  const budget = new InMemoryRateBudget({ limit: BUDGET, windowMs: 60_000 });
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
  const open = async (p: Person) => {
    const s = await connect(node.url, p.token);
    sockets.push(s);
    return s;
  };
  const codes = (acks: { ok: boolean; error?: { code: string } }[]) => acks.map((a) => (a.ok ? 'ok' : a.error!.code));

  beforeAll(async () => {
    stack = await startStack();
    node = await stack.startNode({
      ports: { writeBudget: (accountId) => budget.take(accountBudgetKey(accountId)) },
      config: { voiceRecords: { joins: 4 } },
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await node?.stop();
    await stack?.close();
  });

  it('refuses C_COMMAND over the account budget with RATE_LIMITED and writes nothing more', async () => {
    const [host, alice] = await Promise.all([person('Host'), person('Alice')]);
    const debateId = await openDebate(node.handler, stack.pool, host, [alice]);
    const a = await open(alice);
    const before = await stack.countEvents('MessagePosted');
    const acks = [];
    for (let i = 0; i < BUDGET + 10; i++) {
      acks.push(await request(a, 'C_COMMAND', { debateId, commandId: randomUUID(), type: 'PostMessage', data: { kind: 'chat', text: `flood ${i}` } }));
    }
    expect(codes(acks)).toEqual([...Array<string>(BUDGET).fill('ok'), ...Array<string>(10).fill('RATE_LIMITED')]);
    expect(acks.at(-1)!.error!.message).toMatch(/Too many writes for this account \(HTTP and sockets together\): retry in \d+ s/);
    expect(await stack.countEvents('MessagePosted')).toBe(before + BUDGET);
    // Reading is not writing: the same socket still subscribes.
    expect(await request(a, 'C_ROOM_SUBSCRIBE', { debateId })).toMatchObject({ ok: true });
  });

  it('records at most six reports a minute about one link, refusing the rest with RATE_LIMITED', async () => {
    const [host, bob, carol] = await Promise.all([person('Host'), person('Bob'), person('Carol')]);
    const debateId = await openDebate(node.handler, stack.pool, host, [bob, carol]);
    const [b, c] = await Promise.all([open(bob), open(carol)]);
    expect(await request(b, 'C_VOICE_JOIN', { debateId, accountId: bob.accountId })).toMatchObject({ ok: true });
    expect(await request(c, 'C_VOICE_JOIN', { debateId, accountId: carol.accountId })).toMatchObject({ ok: true });
    const before = await stack.countEvents('PeerLinkEstablished', 'PeerLinkFailed');
    const acks = [];
    for (let i = 0; i < 10; i++) acks.push(await request(b, 'C_VOICE_LINK', { debateId, peerId: carol.accountId, outcome: 'failed', attempt: 1 + (i % 5) }));
    expect(codes(acks)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(await stack.countEvents('PeerLinkEstablished', 'PeerLinkFailed')).toBe(before + 6);
    // Carol's report about the same link is hers to make.
    expect(await request(c, 'C_VOICE_LINK', { debateId, peerId: bob.accountId, outcome: 'connected', attempt: 1, connectMs: 120 })).toMatchObject({ ok: true });
  });

  it('starts at most N voice sessions a minute per debate and account: a leave/join loop stops writing', async () => {
    const [host, dan] = await Promise.all([person('Host'), person('Dan')]);
    const debateId = await openDebate(node.handler, stack.pool, host, [dan]);
    const d = await open(dan);
    const before = await stack.countEvents('VoiceJoined', 'VoiceLeft');
    const joins = [];
    for (let i = 0; i < 8; i++) {
      const join = await request(d, 'C_VOICE_JOIN', { debateId, accountId: dan.accountId });
      joins.push(join);
      if (join.ok) expect(await request(d, 'C_VOICE_LEAVE', { debateId })).toMatchObject({ ok: true });
    }
    expect(codes(joins)).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(joins.at(-1)!.error!.message).toMatch(/Too many voice joins in this debate: retry in \d+ s/);
    // Four sessions, each joined and left: eight records, not sixteen.
    expect(await stack.countEvents('VoiceJoined', 'VoiceLeft')).toBe(before + 8);
  });

  it('does not count taking a session back within its grace period (a reload, a second tab): it writes nothing', async () => {
    const [host, erin] = await Promise.all([person('Host'), person('Erin')]);
    const debateId = await openDebate(node.handler, stack.pool, host, [erin]);
    const before = await stack.countEvents('VoiceJoined');
    for (let i = 0; i < 6; i++) {
      // A new connection each time (the old one dropped, or taken over): the session is resumed.
      const e = await open(erin);
      expect(await request(e, 'C_VOICE_JOIN', { debateId, accountId: erin.accountId }), `join ${i + 1}`).toMatchObject({ ok: true });
      e.close();
    }
    expect(await stack.countEvents('VoiceJoined')).toBe(before + 1);
  });
});

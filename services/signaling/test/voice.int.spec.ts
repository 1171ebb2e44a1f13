// The voice mesh's signaling on one real node: the full offer / answer / candidate exchange,
// isolation between debates, identity checks, and moderation reaching voice.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, openDebate, projected, send } from './support/debates.ts';
import { type Stack, connect, nextMessage, postgres, record, request, startStack } from './support/stack.ts';

describe.skipIf(!postgres)('voice signaling on one node', () => {
  let stack: Stack;
  const sockets: Socket[] = [];
  const person = async (name: string): Promise<Person> => ({ ...(await stack.session(name)), displayName: name });
  const open = async (p: Person) => {
    const s = await connect(stack.first.url, p.token);
    sockets.push(s);
    return s;
  };
  /** A debate with host + alice + bob as speakers, alice and bob connected and in its voice room. */
  const voiceRoomOfTwo = async () => {
    const [host, alice, bob] = await Promise.all([person('Host'), person('Alice'), person('Bob')]);
    const debateId = await openDebate(stack.first.handler, stack.pool, host, [alice, bob]);
    const [a, b] = await Promise.all([open(alice), open(bob)]);
    expect(await request(a, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true, peers: [] });
    const announced = nextMessage(a, 'S_VOICE_JOIN');
    const bobJoin = await request(b, 'C_VOICE_JOIN', { debateId, accountId: bob.accountId });
    expect(bobJoin).toMatchObject({ ok: true, peers: [{ accountId: alice.accountId, displayName: 'Alice' }] });
    expect(await announced).toEqual({ debateId, accountId: bob.accountId, displayName: 'Bob' });
    return { debateId, host, alice, bob, a, b };
  };

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stack?.close();
  });

  it('relays a full offer / answer / candidate exchange between two members', async () => {
    const { debateId, alice, bob, a, b } = await voiceRoomOfTwo();
    const offer = { debateId, fromId: alice.accountId, toId: bob.accountId, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
    const gotOffer = nextMessage(b, 'S_VOICE_OFFER');
    expect(await request(a, 'C_VOICE_OFFER', offer)).toEqual({ ok: true });
    expect(await gotOffer).toEqual(offer);

    const answer = { debateId, fromId: bob.accountId, toId: alice.accountId, sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' };
    const gotAnswer = nextMessage(a, 'S_VOICE_ANSWER');
    expect(await request(b, 'C_VOICE_ANSWER', answer)).toEqual({ ok: true });
    expect(await gotAnswer).toEqual(answer);

    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    const toBob = nextMessage(b, 'S_VOICE_ICE_CANDIDATE');
    const toAlice = nextMessage(a, 'S_VOICE_ICE_CANDIDATE');
    await request(a, 'C_VOICE_ICE_CANDIDATE', { debateId, fromId: alice.accountId, toId: bob.accountId, candidate });
    await request(b, 'C_VOICE_ICE_CANDIDATE', { debateId, fromId: bob.accountId, toId: alice.accountId, candidate });
    expect(await toBob).toEqual({ debateId, fromId: alice.accountId, toId: bob.accountId, candidate });
    expect(await toAlice).toEqual({ debateId, fromId: bob.accountId, toId: alice.accountId, candidate });
  });

  it('records each join once as VoiceJoined with this node id', async () => {
    const before = await stack.countEvents('VoiceJoined');
    const { debateId, alice, a } = await voiceRoomOfTwo();
    expect(await stack.countEvents('VoiceJoined')).toBe(before + 2);
    // Joining again on the same socket is the same session: nothing new is written.
    expect(await request(a, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).toMatchObject({ ok: true });
    expect(await stack.countEvents('VoiceJoined')).toBe(before + 2);
    const { rows } = await stack.pool.query<{ node: string }>(
      `SELECT data->>'node' AS node FROM eventstore.events WHERE type = 'VoiceJoined' AND data->>'accountId' = $1`,
      [alice.accountId],
    );
    expect(rows).toEqual([{ node: stack.first.nodeId }]);
  });

  it('refuses a participant of another debate: it can neither join this voice room nor reach its peers', async () => {
    const { debateId, bob, b } = await voiceRoomOfTwo();
    const [otherHost, carol] = await Promise.all([person('Other host'), person('Carol')]);
    const otherDebate = await openDebate(stack.first.handler, stack.pool, otherHost, [carol]);
    const c = await open(carol);
    const offers = record(b, 'S_VOICE_OFFER');

    expect((await request(c, 'C_VOICE_JOIN', { debateId, accountId: carol.accountId })).error?.code).toBe('NOT_PARTICIPANT');
    const toBob = { fromId: carol.accountId, toId: bob.accountId, sdp: 'v=0' };
    expect((await request(c, 'C_VOICE_OFFER', { debateId, ...toBob })).error?.code).toBe('NOT_IN_VOICE');
    expect(await request(c, 'C_VOICE_JOIN', { debateId: otherDebate, accountId: carol.accountId })).toMatchObject({ ok: true });
    expect((await request(c, 'C_VOICE_OFFER', { debateId: otherDebate, ...toBob })).error?.code).toBe('PEER_NOT_IN_VOICE');
    // Bob answers a ping afterwards: had anything been relayed to him it would have arrived first.
    await request(b, 'C_ROOM_SUBSCRIBE', { debateId });
    expect(offers).toEqual([]);
  });

  it('refuses a spoofed fromId and a join in another account’s name', async () => {
    const { debateId, alice, a, b } = await voiceRoomOfTwo();
    const offers = record(a, 'S_VOICE_OFFER');
    const spoofed = await request(b, 'C_VOICE_OFFER', { debateId, fromId: alice.accountId, toId: alice.accountId, sdp: 'v=0' });
    expect(spoofed.error?.code).toBe('IDENTITY_MISMATCH');
    expect((await request(b, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId })).error?.code).toBe('IDENTITY_MISMATCH');
    await request(a, 'C_ROOM_SUBSCRIBE', { debateId });
    expect(offers).toEqual([]);
  });

  it('refuses a handshake without a token, with a forged one and with an expired one', async () => {
    const { SignJWT } = await import('jose');
    const expired = await new SignJWT({ name: 'Late' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alate')
      .setIssuer('booktalk')
      .setAudience('booktalk-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode('signaling-test-secret-long-enough-for-hs256'));
    const { token } = await stack.session('Valid');
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const t of [undefined, '', forged, expired]) {
      await expect(connect(stack.first.url, t)).rejects.toThrow('Authentication required');
    }
  });

  it('refuses a browser origin outside the allow-list and admits a listed one', async () => {
    const { token } = await stack.session('Origin');
    await expect(connect(stack.first.url, token, { origin: 'http://evil.example' })).rejects.toThrow();
    const ok = await connect(stack.first.url, token, { origin: 'http://allowed.example' });
    sockets.push(ok);
    expect(ok.connected).toBe(true);
  });

  it('takes a removed participant out of voice at once and stops its relays', async () => {
    const { debateId, host, alice, bob, a, b } = await voiceRoomOfTwo();
    const removedNotice = nextMessage(b, 'S_REMOVED');
    const leaveNotice = nextMessage(a, 'S_VOICE_LEAVE', (m: { accountId: string }) => m.accountId === bob.accountId);
    const result = await send(stack.first.handler, debateId, host, { type: 'RemoveParticipant', data: { accountId: bob.accountId, reason: 'spam' } });
    await projected(stack.pool, debateId, result.position);
    expect(await removedNotice).toEqual({ debateId, accountId: bob.accountId });
    expect(await leaveNotice).toEqual({ debateId, accountId: bob.accountId, reason: 'removed' });

    const offers = record(a, 'S_VOICE_OFFER');
    expect((await request(b, 'C_VOICE_OFFER', { debateId, fromId: bob.accountId, toId: alice.accountId, sdp: 'v=0' })).error?.code).toBe('NOT_IN_VOICE');
    expect((await request(a, 'C_VOICE_OFFER', { debateId, fromId: alice.accountId, toId: bob.accountId, sdp: 'v=0' })).error?.code).toBe('PEER_NOT_IN_VOICE');
    expect((await request(b, 'C_VOICE_JOIN', { debateId, accountId: bob.accountId })).error?.code).toBe('PARTICIPANT_REMOVED');
    expect(offers).toEqual([]);
  });

  it('tells the voice room at once when a moderator mutes a member', async () => {
    const { debateId, host, alice, a, b } = await voiceRoomOfTwo();
    const toAlice = nextMessage(a, 'S_VOICE_MUTED');
    const toBob = nextMessage(b, 'S_VOICE_MUTED');
    await send(stack.first.handler, debateId, host, { type: 'MuteParticipant', data: { accountId: alice.accountId } });
    const expected = { debateId, accountId: alice.accountId, muted: true };
    expect(await toAlice).toEqual(expected);
    expect(await toBob).toEqual(expected);
  });

  it('records a link report as PeerLinkEstablished', async () => {
    const { debateId, bob, a } = await voiceRoomOfTwo();
    const before = await stack.countEvents('PeerLinkEstablished');
    const ack = await request(a, 'C_VOICE_LINK', { debateId, peerId: bob.accountId, outcome: 'connected', connectMs: 840, attempt: 1, candidateType: 'host' });
    expect(ack).toMatchObject({ ok: true });
    expect(await stack.countEvents('PeerLinkEstablished')).toBe(before + 1);
  });

  it('records a failed link as PeerLinkFailed and a rejoin attempt as VoiceRejoinAttempted', async () => {
    const { debateId, alice, bob, a } = await voiceRoomOfTwo();
    const [failed, rejoins] = await Promise.all([stack.countEvents('PeerLinkFailed'), stack.countEvents('VoiceRejoinAttempted')]);
    expect(await request(a, 'C_VOICE_LINK', { debateId, peerId: bob.accountId, outcome: 'failed', attempt: 2 })).toMatchObject({ ok: true });
    expect(await request(a, 'C_VOICE_JOIN', { debateId, accountId: alice.accountId, rejoinAttempt: 2 })).toMatchObject({ ok: true });
    expect(await stack.countEvents('PeerLinkFailed')).toBe(failed + 1);
    expect(await stack.countEvents('VoiceRejoinAttempted')).toBe(rejoins + 1);
  });

  it('records a client that gave up rejoining as one VoiceRejoinAbandoned and a VoiceLeft(failed)', async () => {
    const { debateId, alice, a, b } = await voiceRoomOfTwo();
    const [abandoned, attempts] = await Promise.all([stack.countEvents('VoiceRejoinAbandoned'), stack.countEvents('VoiceRejoinAttempted')]);
    const told = nextMessage(b, 'S_VOICE_LEAVE');
    expect(await request(a, 'C_VOICE_LEAVE', { debateId, gaveUpAfter: 5 })).toMatchObject({ ok: true });
    expect(await told).toEqual({ debateId, accountId: alice.accountId, reason: 'failed' });
    expect(await stack.countEvents('VoiceRejoinAbandoned')).toBe(abandoned + 1);
    expect(await stack.countEvents('VoiceRejoinAttempted')).toBe(attempts);
    const { rows } = await stack.pool.query<{ data: unknown }>(
      "SELECT data FROM eventstore.events WHERE type = 'VoiceLeft' AND stream_id LIKE '%' || $1 ORDER BY position",
      [debateId],
    );
    expect(rows.map((r) => r.data)).toEqual([expect.objectContaining({ accountId: alice.accountId, reason: 'failed' })]);
  });

  it('tells the voice room when a moderator demotes a speaker', async () => {
    const { debateId, host, bob, a } = await voiceRoomOfTwo();
    const notice = nextMessage(a, 'S_ROLE_CHANGED');
    await send(stack.first.handler, debateId, host, { type: 'DemoteToAudience', data: { accountId: bob.accountId } });
    expect(await notice).toEqual({ debateId, accountId: bob.accountId, role: 'audience' });
  });

  it('answers C_VOICE_LEAVE with S_VOICE_LEAVE to the others and one VoiceLeft', async () => {
    const { debateId, alice, a, b } = await voiceRoomOfTwo();
    const before = await stack.countEvents('VoiceLeft');
    const notice = nextMessage(b, 'S_VOICE_LEAVE');
    expect(await request(a, 'C_VOICE_LEAVE', { debateId })).toEqual({ ok: true });
    expect(await notice).toEqual({ debateId, accountId: alice.accountId, reason: 'left' });
    expect(await stack.countEvents('VoiceLeft')).toBe(before + 1);
    expect((await request(a, 'C_VOICE_LEAVE', { debateId })).error?.code).toBe('NOT_IN_VOICE');
  });

  it('refuses the Record* commands from clients, over HTTP (403) and over C_COMMAND', async () => {
    const { debateId, alice, a } = await voiceRoomOfTwo();
    const before = await stack.countEvents();
    const res = await fetch(`${stack.first.url}/api/debates/${debateId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ commandId: crypto.randomUUID(), type: 'RecordVoiceJoined', data: { peerId: 'p1', node: 'n' } }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SIGNALING_ONLY');
    const ack = await request(a, 'C_COMMAND', { debateId, commandId: crypto.randomUUID(), type: 'RecordVoiceLeft', data: { reason: 'left' } });
    expect(ack.error?.code).toBe('SIGNALING_ONLY');
    expect(await stack.countEvents()).toBe(before);
  });
});

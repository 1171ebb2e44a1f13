// Fault: a participant without rights tries everything over the socket — every moderation
// command, the timekeeper's and the signaling node's own commands, voice relays aimed at a peer
// of another debate or sent in another's name — and the restricted reads over HTTP. Verified:
// every attempt refused with a stable code, nothing written to the store, nothing delivered.
import { randomUUID } from 'node:crypto';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import pg from 'pg';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from '../../bench/support/appProcess.ts';
import { JsonClient, type Session, command, signUp } from '../../bench/support/http.ts';
import { VOTE_ID, openRoom } from './support/room.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
type Ack = { ok: boolean; error?: { code: string } };

describe.skipIf(!server)('fault: authorisation sweep over the socket', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AppProcess;
  let http: JsonClient;
  let pool: pg.Pool;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('fault_authz');
    app = await startApp({ databaseUrl: db.url, env: { KAFKA_BROKERS: '' } });
    http = new JsonClient(app.url, 8);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    http?.close();
    await app?.stop();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  const connect = (who: Session) =>
    new Promise<Socket>((resolve, reject) => {
      const s = io(app.url, { auth: { token: who.token }, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const ask = (s: Socket, event: string, payload: unknown) => new Promise<Ack>((resolve) => s.emit(event, payload, resolve));
  /** Voice join retried while the projector has not written the debate yet. */
  const joinVoice = async (s: Socket, debateId: string, who: Session) => {
    for (let i = 0; i < 100; i++) {
      const ack = await ask(s, 'C_VOICE_JOIN', { debateId, accountId: who.accountId });
      if (ack.ok) return;
      if (ack.error?.code !== 'DEBATE_NOT_FOUND' && ack.error?.code !== 'NOT_PARTICIPANT') throw new Error(JSON.stringify(ack));
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('voice join kept failing');
  };
  const head = async () => (await pool.query<{ head: string | null }>('SELECT max(position)::text AS head FROM eventstore.events')).rows[0]!.head;

  it('refuses every moderation command, system command, foreign relay and restricted read; writes and delivers nothing', { timeout: 120_000 }, async () => {
    const a = await openRoom(http, 'Room A');
    const b = await openRoom(http, 'Room B');
    const [mallory, zed] = [await signUp(http, 'Mallory'), await signUp(http, 'Zed')];
    await command(http, mallory.token, a.debateId, 'JoinDebate', { role: 'audience' });
    await command(http, zed.token, b.debateId, 'JoinDebate', { role: 'audience' });
    // Something to moderate in A: a running turn, a message, a question.
    await command(http, a.speaker.token, a.debateId, 'RaiseHand');
    await command(http, a.host.token, a.debateId, 'GrantTurn', { durationMs: 600_000 });
    const messageId = randomUUID();
    const questionId = randomUUID();
    await command(http, a.speaker.token, a.debateId, 'PostMessage', { messageId, kind: 'chat', text: 'a chat line' });
    await command(http, a.speaker.token, a.debateId, 'PostMessage', { messageId: questionId, kind: 'question', text: 'a question?' });

    const [m, s, y, z] = await Promise.all([connect(mallory), connect(a.speaker), connect(b.speaker), connect(zed)]);
    await joinVoice(m, a.debateId, mallory);
    await joinVoice(s, a.debateId, a.speaker);
    await joinVoice(y, b.debateId, b.speaker);
    await joinVoice(z, b.debateId, zed);
    const delivered: string[] = [];
    for (const [name, socket] of [['speaker A', s], ['speaker B', y], ['zed', z]] as const) {
      for (const event of ['S_VOICE_OFFER', 'S_VOICE_ANSWER', 'S_VOICE_ICE_CANDIDATE']) {
        socket.on(event, (msg: { fromId: string }) => {
          if (msg.fromId === mallory.accountId) delivered.push(`${event} → ${name}`);
        });
      }
    }
    const before = await head();

    const target = { accountId: a.speaker.accountId, reason: 'sweep' };
    const commands: [string, unknown][] = [
      ['OpenDebate', {}], ['StartDebate', {}], ['AdvanceRound', {}], ['EndDebate', {}],
      ['GrantTurn', { accountId: a.speaker.accountId, durationMs: 5_000 }], ['EndTurn', { reason: 'sweep' }], ['ExtendTurn', { ms: 5_000 }],
      ['OpenVote', { voteId: 'sweep-vote', question: 'May I?', options: ['yes', 'no'], kind: 'poll' }], ['CloseVote', { voteId: VOTE_ID }],
      ['MuteParticipant', target], ['UnmuteParticipant', target], ['RemoveParticipant', target], ['PromoteToSpeaker', { accountId: mallory.accountId }],
      ['DemoteToAudience', target], ['AssignModerator', { accountId: mallory.accountId }], ['LockRoom', {}], ['UnlockRoom', {}],
      ['RevokeModerator', { accountId: a.host.accountId, reason: 'sweep' }], ['SetRoomAccess', { accountsOnly: true }],
      ['HideMessage', { messageId, reason: 'sweep' }], ['MarkQuestionAnswered', { messageId: questionId }],
      // Answering requests to speak and floor control are a moderator's too (her own request aside).
      ['InviteToSpeak', { accountId: mallory.accountId, side: 'pro' }], ['DismissRequest', { accountId: a.speaker.accountId }], ['SetFloorControl', { floorControl: true }],
      ['IssueTurnWarning', { turnNo: 2, remainingMs: 10_000 }], ['ExpireTurn', { turnNo: 2 }],
      ['RecordVoiceJoined', { peerId: randomUUID(), node: 'sweep' }], ['RecordVoiceLeft', { reason: 'left' }],
      ['RecordPeerLink', { peerId: a.speaker.accountId, outcome: 'established', attempt: 1 }], ['RecordRejoinAttempt', { attempt: 1 }],
    ];
    const codes = new Map<string, string>();
    for (const [type, data] of commands) {
      const ack = await ask(m, 'C_COMMAND', { debateId: a.debateId, commandId: randomUUID(), type, data });
      codes.set(type, ack.ok ? 'ACCEPTED' : ack.error!.code);
    }
    // The same commands in debate B, where Mallory is not even a participant.
    for (const [type, data] of commands.slice(0, 21)) {
      const ack = await ask(m, 'C_COMMAND', { debateId: b.debateId, commandId: randomUUID(), type, data });
      codes.set(`${type} (B)`, ack.ok ? 'ACCEPTED' : ack.error!.code);
    }

    const sdp = 'v=0\r\n';
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    const relays: [string, string, Record<string, unknown>][] = [];
    for (const [event, extra] of [['C_VOICE_OFFER', { sdp }], ['C_VOICE_ANSWER', { sdp }], ['C_VOICE_ICE_CANDIDATE', { candidate }]] as const) {
      relays.push([`${event} to a peer of another debate`, event, { debateId: a.debateId, fromId: mallory.accountId, toId: b.speaker.accountId, ...extra }]);
      relays.push([`${event} in another debate's voice room`, event, { debateId: b.debateId, fromId: mallory.accountId, toId: b.speaker.accountId, ...extra }]);
      relays.push([`${event} in someone else's name`, event, { debateId: a.debateId, fromId: b.speaker.accountId, toId: a.speaker.accountId, ...extra }]);
    }
    for (const [what, event, payload] of relays) {
      const ack = await ask(m, event, payload);
      codes.set(what, ack.ok ? 'ACCEPTED' : ack.error!.code);
    }
    const foreignJoin = await ask(m, 'C_VOICE_JOIN', { debateId: b.debateId, accountId: mallory.accountId });
    codes.set('C_VOICE_JOIN into another debate', foreignJoin.ok ? 'ACCEPTED' : foreignJoin.error!.code);

    // Sentinel: a legitimate offer in B reaches speaker B; anything misdelivered earlier would be there first.
    const sentinel = new Promise<void>((resolve) => y.once('S_VOICE_OFFER', () => resolve()));
    expect((await ask(z, 'C_VOICE_OFFER', { debateId: b.debateId, fromId: zed.accountId, toId: b.speaker.accountId, sdp })).ok).toBe(true);
    await sentinel;

    const reads: [string, number][] = [];
    for (const path of [`/api/debates/${a.debateId}/events`, '/api/audit', `/api/audit?debateId=${a.debateId}`, `/api/audit.csv?debateId=${a.debateId}`]) {
      reads.push([path, (await http.request('GET', path, undefined, mallory.token)).status]);
    }
    const after = await head();
    const tally = new Map<string, number>();
    for (const code of codes.values()) tally.set(code, (tally.get(code) ?? 0) + 1);
    console.info(
      `[fault authorisation] injected: ${commands.length + 21} commands by a non-moderator (${commands.length} in her debate, 21 in another), ` +
        `${relays.length} foreign relays, 1 foreign voice join, ${reads.length} restricted reads. verified: refusals ${JSON.stringify(Object.fromEntries(tally))}, ` +
        `reads ${JSON.stringify(Object.fromEntries(reads))}, store head ${before} → ${after}, ${delivered.length} relays delivered`,
    );
    expect([...codes.entries()].filter(([, code]) => code === 'ACCEPTED' || code === 'INTERNAL' || code === 'VALIDATION_FAILED')).toEqual([]);
    expect(reads.filter(([, status]) => status !== 403)).toEqual([]);
    expect(after).toBe(before);
    expect(delivered).toEqual([]);
  });
});

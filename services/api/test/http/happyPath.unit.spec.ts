// A whole debate through HTTP, then the stream checked event by event (in-memory store: nothing
// here is about PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryTestStore, createMemoryTestStore } from '../support/memoryStore.ts';
import { Client, type TestServer, startServer } from '../support/testServer.ts';

interface EventBody {
  type: string;
  version: number;
  position: string;
  data: Record<string, unknown>;
  metadata: { actorId: string; node: string; commandId: string; correlationId: string; causationId: string | null };
}

describe('HTTP command API: a whole debate', () => {
  let db: MemoryTestStore;
  let server: TestServer;

  beforeAll(async () => {
    db = createMemoryTestStore();
    server = await startServer(db.store);
  });
  afterAll(async () => {
    await server?.close();
    await db?.cleanup();
  });

  it('creates, opens, fills, runs and ends a debate; the stream holds exactly what happened', async () => {
    const host = await Client.session(server.baseUrl, 'Host');
    const alice = await Client.session(server.baseUrl, 'Alice');
    const bob = await Client.session(server.baseUrl, 'Bob');
    const carol = await Client.session(server.baseUrl, 'Carol');

    const created = await host.createDebate();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ok: true, version: 0, duplicate: false });
    expect(created.body.position).toMatch(/^\d+$/);
    const id = created.body.debateId;
    expect(id).toMatch(/^d[0-9a-f]{15}$/);

    await host.must(id, 'OpenDebate');
    await host.must(id, 'JoinDebate', { role: 'audience' }); // joins as moderator whatever the role
    await alice.must(id, 'JoinDebate', { role: 'speaker', side: 'pro' });
    await bob.must(id, 'JoinDebate', { role: 'speaker', side: 'con' });
    await carol.must(id, 'JoinDebate', { role: 'audience' });
    await host.must(id, 'OpenVote', { voteId: 'pre', question: 'Do you agree?', options: ['yes', 'no'], sides: ['pro', 'con'], kind: 'pre' });
    await carol.must(id, 'CastVote', { voteId: 'pre', option: 'no' });
    await host.must(id, 'StartDebate');
    await host.must(id, 'AdvanceRound', { to: 'PRESENTATION' });
    await host.must(id, 'AdvanceRound', { to: 'FREE' });
    await alice.must(id, 'RaiseHand');
    await bob.must(id, 'RaiseHand');
    await host.must(id, 'GrantTurn', {});
    await alice.must(id, 'YieldTurn');
    await host.must(id, 'GrantTurn', {});
    await host.must(id, 'ExtendTurn', { ms: 30_000 });
    await host.must(id, 'EndTurn', { reason: 'time to vote' });
    await carol.must(id, 'PostMessage', { kind: 'question', text: 'Was Casaubon ever kind?' });
    await host.must(id, 'MuteParticipant', { accountId: carol.accountId, reason: 'spoilers' });
    await host.must(id, 'CloseVote', { voteId: 'pre' });
    await host.must(id, 'OpenVote', { voteId: 'post', question: 'And now?', options: ['yes', 'no'], sides: ['pro', 'con'], kind: 'post' });
    await carol.must(id, 'CastVote', { voteId: 'post', option: 'no' });
    await carol.must(id, 'CastVote', { voteId: 'post', option: 'yes' });
    const last = await host.must(id, 'EndDebate');

    const { status, body } = await host.get<{ version: number; events: EventBody[] }>(`/api/debates/${id}/events`);
    expect(status).toBe(200);
    const types = body.events.map((e) => e.type);
    expect(types).toEqual([
      'DebateScheduled',
      'DebateOpened',
      'ParticipantJoined',
      'ParticipantJoined',
      'ParticipantJoined',
      'ParticipantJoined',
      'VoteOpened',
      'VoteCast',
      'DebateStarted',
      'RoundStarted',
      'RoundStarted',
      'TurnGranted',
      'TurnEnded',
      'RoundStarted',
      'TurnRequested',
      'TurnRequested',
      'TurnGranted',
      'TurnEnded',
      'TurnGranted',
      'TurnExtended',
      'TurnEnded',
      'MessagePosted',
      'ParticipantMuted',
      'VoteClosed',
      'VoteOpened',
      'VoteCast',
      'VoteChanged',
      'VoteClosed', // ending closes the open vote
      'DebateEnded',
    ]);
    expect(body.events.map((e) => e.version)).toEqual(types.map((_, i) => i));
    const positions = body.events.map((e) => BigInt(e.position));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
    expect(body.version).toBe(types.length - 1);
    expect(last.version).toBe(types.length - 1);
    expect(last.position).toBe(body.events.at(-1)!.position);

    // Envelope: who did it, from which node, correlated to its own command.
    const joinedBy = body.events.filter((e) => e.type === 'ParticipantJoined').map((e) => e.metadata.actorId);
    expect(joinedBy).toEqual([host.accountId, alice.accountId, bob.accountId, carol.accountId]);
    for (const e of body.events) {
      expect(e.metadata.node).toBe('test-node');
      expect(e.metadata.correlationId).toBe(e.metadata.commandId);
      expect(e.metadata.causationId).toBeNull();
    }
    expect(body.events.find((e) => e.type === 'VoteChanged')!.data).toMatchObject({ from: 'no', to: 'yes' });
    expect(body.events.find((e) => e.type === 'ParticipantMuted')!.data).toMatchObject({ targetId: carol.accountId, reason: 'spoilers' });

    // The tail from a version; the handler's cached fold agrees with the store.
    const tail = await host.get<{ events: { version: number }[] }>(`/api/debates/${id}/events?from=20`);
    expect(tail.body.events.map((e) => e.version)).toEqual(types.slice(20).map((_, i) => 20 + i));
    const snapshot = await server.handler.loadDebateState(id);
    expect(snapshot.state.status).toBe('ended');
    expect(snapshot.version).toBe(types.length - 1);
  });
});

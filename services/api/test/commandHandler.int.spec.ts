// The command handler on a real store, below HTTP: the cached fold, stale caches across
// nodes, no-op decisions and the command index.
import { randomUUID } from 'node:crypto';
import { debateStreamId } from '@booktalk/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler, type Logger, silentLogger } from '../src/index.ts';
import { type TestStore, createTestStore, postgres } from './support/database.ts';
import { alice, bob, hostActor, openFloor, send } from './support/debates.ts';

describe.skipIf(!postgres)('CommandHandler', () => {
  let db: TestStore;

  beforeAll(async () => {
    db = await createTestStore('api_handler');
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('decides on fresh state when its cache is behind another node, instead of refusing', async () => {
    const nodeA = new CommandHandler({ store: db.store, node: 'a' });
    const nodeB = new CommandHandler({ store: await db.connectAnother(), node: 'b' });
    const debateId = await openFloor(nodeA);
    await nodeB.loadDebateState(debateId); // B caches the debate as it is now
    await send(nodeA, debateId, hostActor, { type: 'OpenVote', data: { voteId: 'v', question: 'Agree?', options: ['yes', 'no'], kind: 'poll' } });
    // B's cached state has no vote v: a refusal there would be wrong.
    const cast = await send(nodeB, debateId, alice, { type: 'CastVote', data: { voteId: 'v', option: 'yes' } });
    expect(cast.events.map((e) => e.type)).toEqual(['VoteCast']);
  });

  it('appends nothing for a command that changes nothing, and reports the current version', async () => {
    const handler = new CommandHandler({ store: db.store, node: 'a' });
    const debateId = await openFloor(handler);
    await send(handler, debateId, hostActor, { type: 'OpenVote', data: { voteId: 'v', question: 'Agree?', options: ['yes', 'no'], kind: 'poll' } });
    const first = await send(handler, debateId, bob, { type: 'CastVote', data: { voteId: 'v', option: 'no' } });
    const same = await send(handler, debateId, bob, { type: 'CastVote', data: { voteId: 'v', option: 'no' } });
    expect(same).toMatchObject({ events: [], duplicate: false, version: first.version, position: first.position });
    expect(await db.store.readStream(debateStreamId(debateId))).toHaveLength(first.version + 1);
  });

  it('returns the original events for a repeated command id, also from a cold cache', async () => {
    const handler = new CommandHandler({ store: db.store, node: 'a' });
    const debateId = await openFloor(handler);
    const commandId = randomUUID();
    const first = await send(handler, debateId, alice, { type: 'RaiseHand', data: {} }, commandId);
    const cold = new CommandHandler({ store: db.store, node: 'b', cacheSize: 1 });
    const again = await send(cold, debateId, alice, { type: 'RaiseHand', data: {} }, commandId);
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it('stamps the envelope: command, correlation, causation, actor, node, schema version', async () => {
    const handler = new CommandHandler({ store: db.store, node: 'stamp-node' });
    const debateId = await openFloor(handler);
    const commandId = randomUUID();
    await handler.handle({
      debateId,
      commandId,
      command: { type: 'RaiseHand', data: {} },
      actor: alice,
      correlationId: 'corr-1',
      causationId: 'cause-1',
    });
    const [event] = (await db.store.readStream(debateStreamId(debateId))).filter((e) => e.metadata.commandId === commandId);
    expect(event!.metadata).toEqual({ commandId, correlationId: 'corr-1', causationId: 'cause-1', actorId: 'alice', node: 'stamp-node' });
    const joined = (await db.store.readStream(debateStreamId(debateId))).find((e) => e.type === 'ParticipantJoined');
    expect(joined!.schemaVersion).toBe(2); // ParticipantJoined is at v2: writers stamp the current version
  });

  describe('group commit', () => {
    /** Transactions that wrote the given commands' events. */
    const transactionsOf = async (commandIds: string[]) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          'SELECT count(DISTINCT transaction_id) AS n FROM eventstore.events WHERE command_id = ANY($1)',
          [commandIds],
        );
        return Number(rows[0]!.n);
      } finally {
        await client.end();
      }
    };
    const debates = (handler: CommandHandler, n: number) => Promise.all(Array.from({ length: n }, () => openFloor(handler)));

    it('lets concurrent commands to different debates share transactions, each with its own result', async () => {
      const handler = new CommandHandler({ store: db.store, node: 'a' });
      const ids = await debates(handler, 20);
      const commandIds = ids.map(() => randomUUID());
      const results = await Promise.all(ids.map((id, i) => send(handler, id, alice, { type: 'RaiseHand', data: {} }, commandIds[i])));
      expect(results.map((r) => [r.debateId, r.events.map((e) => e.type), r.duplicate])).toEqual(ids.map((id) => [id, ['TurnRequested'], false]));
      // One goes at once; the ones that arrive while it is in flight share the next transaction(s).
      expect(await transactionsOf(commandIds)).toBeLessThanOrEqual(3);
      for (const [i, id] of ids.entries()) {
        const stream = await db.store.readStream(debateStreamId(id));
        expect(stream.at(-1)).toMatchObject({ version: results[i]!.version, position: results[i]!.position });
      }
      // The same again, repeated: every command answered as the duplicate it is, nothing written.
      const again = await Promise.all(ids.map((id, i) => send(handler, id, alice, { type: 'RaiseHand', data: {} }, commandIds[i])));
      expect(again).toEqual(results.map((r) => ({ ...r, duplicate: true })));
    });

    it('re-decides only the command whose debate moved under it; the others in its batch are written', async () => {
      let conflicts = 0;
      const logger: Logger = { ...silentLogger, debug: (_f, m) => void (m?.includes('version conflict') && conflicts++) };
      const nodeA = new CommandHandler({ store: db.store, node: 'a' });
      const nodeB = new CommandHandler({ store: await db.connectAnother(), node: 'b', logger });
      const ids = await debates(nodeA, 10);
      await Promise.all(ids.map((id) => nodeB.loadDebateState(id)));
      // A moves three debates on: B's cached versions of those are now stale.
      const moved = ids.slice(0, 3);
      for (const id of moved) await send(nodeA, id, alice, { type: 'RaiseHand', data: {} });
      const results = await Promise.all(ids.map((id) => send(nodeB, id, bob, { type: 'RaiseHand', data: {} })));
      expect(results.every((r) => r.events.length === 1 && !r.duplicate)).toBe(true);
      expect(conflicts).toBe(moved.length);
      for (const [i, id] of ids.entries()) {
        const stream = await db.store.readStream(debateStreamId(id));
        expect(stream.map((e) => e.version)).toEqual(stream.map((_, v) => v));
        expect(stream.at(-1)!.version).toBe(results[i]!.version);
        expect(stream.at(-1)!.metadata.actorId).toBe('bob');
      }
    });

    it('reads the tail before deciding when the bus said another node moved a debate: no lost race', async () => {
      let conflicts = 0;
      const logger: Logger = { ...silentLogger, debug: (_f, m) => void (m?.includes('version conflict') && conflicts++) };
      const nodeA = new CommandHandler({ store: db.store, node: 'a' });
      const nodeB = new CommandHandler({ store: await db.connectAnother(), node: 'b', logger });
      const ids = await debates(nodeA, 4);
      await Promise.all(ids.map((id) => nodeB.loadDebateState(id)));
      for (const id of ids) {
        const moved = await send(nodeA, id, alice, { type: 'RaiseHand', data: {} });
        nodeB.noteRemoteVersion(id, moved.version); // what the DebateChanged message on the bus tells B
      }
      const results = await Promise.all(ids.map((id) => send(nodeB, id, bob, { type: 'RaiseHand', data: {} })));
      expect(conflicts).toBe(0);
      expect(results.every((r) => r.events.length === 1)).toBe(true);
    });

    it('can be switched off: one transaction per command', async () => {
      const handler = new CommandHandler({ store: db.store, node: 'a', groupCommit: false });
      const ids = await debates(handler, 8);
      const commandIds = ids.map(() => randomUUID());
      await Promise.all(ids.map((id, i) => send(handler, id, alice, { type: 'RaiseHand', data: {} }, commandIds[i])));
      expect(await transactionsOf(commandIds)).toBe(8);
    });
  });
});

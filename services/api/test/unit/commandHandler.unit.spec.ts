// The command handler below HTTP, on the in-memory store (none of this is about PostgreSQL): the
// cached fold, stale caches across nodes, no-op decisions, the command index and the envelope.
// What only PostgreSQL can show (transactions shared by group commit) is in
// ../commandHandler.int.spec.ts.
import { randomUUID } from 'node:crypto';
import { type DebateCommandInput, debateStreamId } from '@booktalk/contracts';
import { MemoryEventStore } from '@booktalk/eventstore';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandHandler, type Logger, silentLogger } from '../../src/index.ts';
import { alice, bob, hostActor, openFloor, send } from '../support/debates.ts';

const openPoll: DebateCommandInput = { type: 'OpenVote', data: { voteId: 'v', question: 'Agree?', options: ['yes', 'no'], kind: 'poll' } };

/** Counts the handler's re-decisions after a version conflict (it logs each at debug level). */
const conflictCounter = () => {
  const counter = { conflicts: 0, logger: undefined as unknown as Logger };
  counter.logger = { ...silentLogger, debug: (_f, m) => void (m?.includes('version conflict') && counter.conflicts++) };
  return counter;
};

describe('CommandHandler', () => {
  // Two handlers on one store stand for two nodes on one database: each has its own cache.
  let store: MemoryEventStore;
  beforeEach(() => {
    store = new MemoryEventStore();
  });
  afterEach(async () => store.close());

  it('decides on fresh state when its cache is behind another node, instead of refusing', async () => {
    const nodeA = new CommandHandler({ store, node: 'a' });
    const nodeB = new CommandHandler({ store, node: 'b' });
    const debateId = await openFloor(nodeA);
    await nodeB.loadDebateState(debateId); // B caches the debate as it is now
    await send(nodeA, debateId, hostActor, openPoll);
    // B's cached state has no vote v: a refusal there would be wrong.
    const cast = await send(nodeB, debateId, alice, { type: 'CastVote', data: { voteId: 'v', option: 'yes' } });
    expect(cast.events.map((e) => e.type)).toEqual(['VoteCast']);
  });

  it('appends nothing for a command that changes nothing, and reports the current version', async () => {
    const handler = new CommandHandler({ store, node: 'a' });
    const debateId = await openFloor(handler);
    await send(handler, debateId, hostActor, openPoll);
    const first = await send(handler, debateId, bob, { type: 'CastVote', data: { voteId: 'v', option: 'no' } });
    const same = await send(handler, debateId, bob, { type: 'CastVote', data: { voteId: 'v', option: 'no' } });
    expect(same).toMatchObject({ events: [], duplicate: false, version: first.version, position: first.position });
    expect(await store.readStream(debateStreamId(debateId))).toHaveLength(first.version + 1);
  });

  it('returns the original events for a repeated command id, also from a cold cache', async () => {
    const handler = new CommandHandler({ store, node: 'a' });
    const debateId = await openFloor(handler);
    const commandId = randomUUID();
    const first = await send(handler, debateId, alice, { type: 'RaiseHand', data: {} }, commandId);
    const cold = new CommandHandler({ store, node: 'b', cacheSize: 1 });
    const again = await send(cold, debateId, alice, { type: 'RaiseHand', data: {} }, commandId);
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it('stamps the envelope: command, correlation, causation, actor, node', async () => {
    const handler = new CommandHandler({ store, node: 'stamp-node' });
    const debateId = await openFloor(handler);
    const commandId = randomUUID();
    await handler.handle({ debateId, commandId, command: { type: 'RaiseHand', data: {} }, actor: alice, correlationId: 'corr-1', causationId: 'cause-1' });
    const [event] = (await store.readStream(debateStreamId(debateId))).filter((e) => e.metadata.commandId === commandId);
    expect(event!.metadata).toEqual({ commandId, correlationId: 'corr-1', causationId: 'cause-1', actorId: 'alice', node: 'stamp-node' });
  });

  it('stamps each event with the current schema version of its type', async () => {
    const handler = new CommandHandler({ store, node: 'a' });
    const debateId = await openFloor(handler);
    const joined = (await store.readStream(debateStreamId(debateId))).find((e) => e.type === 'ParticipantJoined');
    expect(joined!.schemaVersion).toBe(2); // ParticipantJoined is at v2
  });

  it('re-decides only the commands whose debate moved under them; the others in their batch are written', async () => {
    const counter = conflictCounter();
    const nodeA = new CommandHandler({ store, node: 'a' });
    const nodeB = new CommandHandler({ store, node: 'b', logger: counter.logger });
    const ids = await Promise.all(Array.from({ length: 10 }, () => openFloor(nodeA)));
    await Promise.all(ids.map((id) => nodeB.loadDebateState(id)));
    // A moves three debates on: B's cached versions of those are now stale.
    const moved = ids.slice(0, 3);
    for (const id of moved) await send(nodeA, id, alice, { type: 'RaiseHand', data: {} });
    const results = await Promise.all(ids.map((id) => send(nodeB, id, bob, { type: 'RaiseHand', data: {} })));
    expect(results.every((r) => r.events.length === 1 && !r.duplicate)).toBe(true);
    expect(counter.conflicts).toBe(moved.length);
    for (const [i, id] of ids.entries()) {
      const stream = await store.readStream(debateStreamId(id));
      expect(stream.map((e) => e.version)).toEqual(stream.map((_, v) => v));
      expect(stream.at(-1)!.version).toBe(results[i]!.version);
      expect(stream.at(-1)!.metadata.actorId).toBe('bob');
    }
  });

  it('reads the tail before deciding when the bus said another node moved a debate: no lost race', async () => {
    const counter = conflictCounter();
    const nodeA = new CommandHandler({ store, node: 'a' });
    const nodeB = new CommandHandler({ store, node: 'b', logger: counter.logger });
    const ids = await Promise.all(Array.from({ length: 4 }, () => openFloor(nodeA)));
    await Promise.all(ids.map((id) => nodeB.loadDebateState(id)));
    for (const id of ids) {
      const moved = await send(nodeA, id, alice, { type: 'RaiseHand', data: {} });
      nodeB.noteRemoteVersion(id, moved.version); // what the DebateChanged message on the bus tells B
    }
    const results = await Promise.all(ids.map((id) => send(nodeB, id, bob, { type: 'RaiseHand', data: {} })));
    expect(counter.conflicts).toBe(0);
    expect(results.every((r) => r.events.length === 1)).toBe(true);
  });

  it('answers concurrent commands to different debates each with its own result; repeats come back as duplicates', async () => {
    const handler = new CommandHandler({ store, node: 'a' });
    const ids = await Promise.all(Array.from({ length: 20 }, () => openFloor(handler)));
    const commandIds = ids.map(() => randomUUID());
    const raise = () => Promise.all(ids.map((id, i) => send(handler, id, alice, { type: 'RaiseHand', data: {} }, commandIds[i])));
    const results = await raise();
    expect(results.map((r) => [r.debateId, r.events.map((e) => e.type), r.duplicate])).toEqual(ids.map((id) => [id, ['TurnRequested'], false]));
    for (const [i, id] of ids.entries()) {
      const stream = await store.readStream(debateStreamId(id));
      expect(stream.at(-1)).toMatchObject({ version: results[i]!.version, position: results[i]!.position });
    }
    expect(await raise()).toEqual(results.map((r) => ({ ...r, duplicate: true })));
  });
});

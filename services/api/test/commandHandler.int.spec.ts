// The command handler on a real store, below HTTP: the cached fold, stale caches across
// nodes, no-op decisions and the command index.
import { randomUUID } from 'node:crypto';
import { debateStreamId } from '@booktalk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../src/index.ts';
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
});

// Repeated command ids (one after the other and racing, on one node and on two) and parallel
// different commands on one debate (decided again after a lost race, never blindly applied), on
// the in-memory store: nothing here is about PostgreSQL.
import { randomUUID } from 'node:crypto';
import { debateStreamId } from '@booktalk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/index.ts';
import { type MemoryTestStore, createMemoryTestStore } from '../support/memoryStore.ts';
import { Client, type TestServer, startServer } from '../support/testServer.ts';

/** Counts the handler's "version conflict" debug lines: each one is a retry. */
const conflictCounter = () => {
  const counter = { conflicts: 0, logger: undefined as unknown as Logger };
  const noop = () => undefined;
  counter.logger = { debug: (_f, message) => void (message?.includes('version conflict') && counter.conflicts++), info: noop, warn: noop, error: noop };
  return counter;
};

describe('HTTP command API: idempotency and concurrency', () => {
  let db: MemoryTestStore;
  let nodeA: TestServer;
  let nodeB: TestServer;
  const counter = conflictCounter();
  let host: Client;
  let debateId: string;

  const stream = () => db.store.readStream(debateStreamId(debateId));

  beforeAll(async () => {
    db = createMemoryTestStore();
    // Two nodes: separate handlers, caches and connection pools on one database.
    nodeA = await startServer(db.store, { node: 'node-a', logger: counter.logger });
    nodeB = await startServer(await db.connectAnother(), { node: 'node-b', logger: counter.logger });
    host = await Client.session(nodeA.baseUrl, 'Host');
    debateId = (await host.createDebate({ maxMembers: 100 })).body.debateId;
    await host.must(debateId, 'OpenDebate');
    await host.must(debateId, 'JoinDebate', { role: 'audience' });
  });
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await db?.cleanup();
  });

  it('a repeated create returns the same debate and writes nothing', async () => {
    const commandId = randomUUID();
    const first = await host.createDebate({}, commandId);
    const again = await host.createDebate({ title: 'Changed my mind' }, commandId);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect(await db.store.readStream(debateStreamId(first.body.debateId))).toHaveLength(1);
  });

  it('a repeated command (sequential, then on another node) returns the original result', async () => {
    const commandId = randomUUID();
    const first = await host.command(debateId, 'PostMessage', { kind: 'chat', text: 'hello' }, commandId);
    const before = await stream();
    const again = await host.command(debateId, 'PostMessage', { kind: 'chat', text: 'hello' }, commandId);
    const elsewhere = await new Client(nodeB.baseUrl, host.token).command(debateId, 'PostMessage', { kind: 'chat', text: 'hello' }, commandId);
    expect(first.body).toMatchObject({ ok: true, duplicate: false });
    for (const reply of [again, elsewhere]) {
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ ...first.body, duplicate: true });
    }
    expect(await stream()).toEqual(before);
  });

  it('10 identical requests racing (on two nodes) write one set of events and all answer alike', async () => {
    const commandId = randomUUID();
    const before = (await stream()).length;
    const clients = [new Client(nodeA.baseUrl, host.token), new Client(nodeB.baseUrl, host.token)];
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => clients[i % 2]!.command(debateId, 'OpenVote', { voteId: 'v1', question: 'Agree?', options: ['yes', 'no'], kind: 'poll' }, commandId)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(replies.filter((r) => !r.body.duplicate)).toHaveLength(1);
    expect(new Set(replies.map((r) => `${r.body.position}/${r.body.version}`)).size).toBe(1);
    const after = await stream();
    expect(after).toHaveLength(before + 1);
    expect(after.filter((e) => e.metadata.commandId === commandId)).toHaveLength(1);
  });

  it('20 different commands in parallel on one debate all succeed, with contiguous versions', async () => {
    const guests = await Promise.all(Array.from({ length: 20 }, (_, i) => Client.session(nodeA.baseUrl, `Guest ${i}`)));
    const base = (await stream()).length - 1;
    counter.conflicts = 0;
    const replies = await Promise.all(
      guests.map((g, i) => new Client(i % 2 ? nodeB.baseUrl : nodeA.baseUrl, g.token).command(debateId, 'JoinDebate', { role: 'audience' })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(replies.map((r) => r.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => base + 1 + i));
    const events = await stream();
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i));
    const joined = events.slice(base + 1).map((e) => e.metadata.actorId);
    expect(new Set(joined)).toEqual(new Set(guests.map((g) => g.accountId)));
    // Two nodes racing on one stream: at least one lost race was decided again.
    expect(counter.conflicts).toBeGreaterThan(0);
  });
});

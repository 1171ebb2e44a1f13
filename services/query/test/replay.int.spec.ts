// Replay: the state folded to an instant equals the live state the projector published at that
// position (every DebateChanged recorded off the bus while a load was projected).
import { InMemoryBus } from '@booktalk/bus';
import {
  DEBATE_CHANGES_TOPIC,
  type DebateChanged,
  type DebateEvent,
  type StoredEvent,
  debateIdFromStream,
  debateStreamId,
  evolve,
  initialDebateState,
  toDebateView,
  upcastEvent,
} from '@booktalk/contracts';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { eventAt, startProjections, tables } from '@booktalk/projector';
import { type TestDb, appendRecords, asRecords, openTestDb, scriptedLoad, waitForCatchUp } from '@booktalk/projector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from './support.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('replay', () => {
  let db: TestDb;
  let http: Awaited<ReturnType<typeof serve>>;
  const published: DebateChanged[] = [];

  beforeAll(async () => {
    db = await openTestDb('replay');
    const bus = new InMemoryBus();
    bus.subscribe<DebateChanged>(DEBATE_CHANGES_TOPIC, (m) => void published.push(m));
    const running = await startProjections({ pool: db.pool, store: db.store, bus, batchSize: 13, logger: { info() {}, error: console.error } });
    await appendRecords(db.store, scriptedLoad(11, 600, 3));
    await waitForCatchUp(db.pool);
    await running.stop();
    await bus.close();
    http = await serve(db.pool, db.store);
  });
  afterAll(async () => {
    await http?.close();
    await db?.close();
  });

  it('state at each published position equals the published live state', async () => {
    expect(published.length).toBeGreaterThan(40);
    for (const message of published) {
      const res = await http.get(`/api/debates/${message.debateId}/state?position=${message.position}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(message.state);
    }
  });

  it('the last published state equals GET /api/debates/:id', async () => {
    const last = new Map(published.map((m) => [m.debateId, m]));
    for (const [id, message] of last) expect((await http.get(`/api/debates/${id}`)).body).toEqual(message.state);
  });
});

describe.skipIf(!server)('replay of a long debate, from fold snapshots', () => {
  let db: TestDb;
  let http: Awaited<ReturnType<typeof serve>>;
  let stored: StoredEvent[];

  beforeAll(async () => {
    db = await openTestDb('replaylong');
    // One scripted debate, then a long chat in it: 2,600 more events (evolve folds them all).
    const records = scriptedLoad(5, 50, 1);
    const debateId = records[0]!.debateId;
    await appendRecords(db.store, records.filter((r) => r.debateId === debateId));
    const t0 = Date.parse('2026-03-01T20:00:00.000Z');
    const chat: DebateEvent[] = Array.from({ length: 2_600 }, (_, i) => ({
      type: 'MessagePosted',
      data: { messageId: `m${i}`, authorId: 'host', kind: 'chat', text: `message ${i}`, at: new Date(t0 + i * 1_000).toISOString() },
    }));
    await appendRecords(db.store, asRecords(debateId, chat));
    const running = await startProjections({ pool: db.pool, store: db.store, batchSize: 500, logger: { info() {}, error: console.error } });
    await waitForCatchUp(db.pool);
    await running.stop();
    stored = await db.store.readStream(debateStreamId(debateId));
    http = await serve(db.pool, db.store);
  });
  afterAll(async () => {
    await http?.close();
    await db?.close();
  });

  /** The reference: the whole stream folded from the start, as the route did before snapshots. */
  const foldTo = (included: (s: StoredEvent) => boolean) => {
    let state = initialDebateState(debateIdFromStream(stored[0]!.streamId)!);
    let position = 0n;
    for (const s of stored) {
      if (!included(s)) break;
      state = evolve(state, upcastEvent(s.type, s.schemaVersion, s.data) as DebateEvent);
      position = s.position;
    }
    return toDebateView(state, position);
  };

  it('keeps a snapshot after every 200th event of the debate', async () => {
    const { rows } = await db.pool.query<{ version: number }>(`SELECT version FROM ${tables.STATE_SNAPSHOTS} ORDER BY version`);
    expect(tables.SNAPSHOT_EVERY).toBe(200);
    expect(stored.length).toBeGreaterThan(2_000);
    expect(rows.map((r) => r.version)).toEqual(Array.from({ length: Math.floor(stored.length / 200) }, (_, i) => (i + 1) * 200 - 1));
  });

  it('answers every sampled position with exactly the state of a full fold', async () => {
    const id = debateIdFromStream(stored[0]!.streamId)!;
    // Around each snapshot boundary, and spread over the rest.
    const versions = [...new Set([0, 198, 199, 200, 201, 998, 999, 1000, 1001, 1999, 2000, stored.length - 1, ...Array.from({ length: 12 }, (_, i) => Math.floor((i * stored.length) / 12))])];
    // The reference views, from one fold of the whole stream from the start (as the route did before snapshots).
    const expected = new Map<number, unknown>();
    let state = initialDebateState(id);
    for (const s of stored) {
      state = evolve(state, upcastEvent(s.type, s.schemaVersion, s.data) as DebateEvent);
      if (versions.includes(s.version)) expected.set(s.version, toDebateView(state, s.position));
    }
    for (const v of versions) {
      const res = await http.get(`/api/debates/${id}/state?position=${stored[v]!.position}`);
      expect(res.status).toBe(200);
      expect(res.body, `version ${v}`).toEqual(expected.get(v));
    }
  });

  it('answers an offset beyond any date with the state before or after everything (found by the fuzzer: a 500)', async () => {
    const id = debateIdFromStream(stored[0]!.streamId)!;
    const after = await http.get(`/api/debates/${id}/state?offsetMs=9007199254740991`);
    expect(after.status).toBe(200);
    expect(after.body.position).toBe(stored.at(-1)!.position.toString());
    const before = await http.get(`/api/debates/${id}/state?offsetMs=-9007199254740991`);
    expect(before.status).toBe(200);
    expect(before.body.position).toBe('0');
  });

  it('answers a time instant past the last snapshot with the state of a full fold', async () => {
    const id = debateIdFromStream(stored[0]!.streamId)!;
    const target = stored[stored.length - 3]!;
    const at = eventAt(upcastEvent(target.type, target.schemaVersion, target.data) as DebateEvent);
    const res = await http.get(`/api/debates/${id}/state?at=${encodeURIComponent(at)}`);
    expect(res.body).toEqual(foldTo((s) => Date.parse(eventAt(upcastEvent(s.type, s.schemaVersion, s.data) as DebateEvent)) <= Date.parse(at)));
  });
});

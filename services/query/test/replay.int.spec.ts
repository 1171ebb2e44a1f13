// Replay: the state folded to an instant equals the live state the projector published at that
// position (every DebateChanged recorded off the bus while a load was projected).
import { InMemoryBus } from '@booktalk/bus';
import { DEBATE_CHANGES_TOPIC, type DebateChanged } from '@booktalk/contracts';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { startProjections } from '@booktalk/projector';
import { type TestDb, appendRecords, openTestDb, scriptedLoad, waitForCatchUp } from '@booktalk/projector/testing';
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

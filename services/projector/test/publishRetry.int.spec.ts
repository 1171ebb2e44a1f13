// The live projector under a bus that refuses publishes for a while (the Kafka broker away): the
// read models carry on, and once the bus takes publishes again every debate's newest state goes
// out, with nothing changing meanwhile. Dropped, a debate nobody touched after the outage stayed
// stale on every node.
import type { Bus } from '@booktalk/bus';
import type { DebateChanged } from '@booktalk/contracts';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProjections, tables } from '../src/index.ts';
import { type TestDb, appendRecords, openTestDb, waitForCatchUp } from './support/db.ts';
import { scriptedLoad } from './support/scenario.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('DebateChanged while the bus refuses publishes', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await openTestDb('publish_retry');
  });
  afterEach(async () => db?.close());

  it('sends each debate its newest state once the bus takes publishes again, with no new event meanwhile', async () => {
    const taken = new Map<string, bigint>();
    const bus = {
      down: true,
      publish: async (_topic: string, key: string, message: DebateChanged) => {
        if (bus.down) throw new Error('Connection error: connect ECONNREFUSED');
        const position = BigInt(message.position);
        if (position > (taken.get(key) ?? 0n)) taken.set(key, position);
      },
      subscribe: () => () => undefined,
      close: async () => undefined,
    };
    const errors: unknown[] = [];
    const running = await startProjections({ pool: db.pool, store: db.store, bus: bus as unknown as Bus, logger: { info() {}, error: (o) => errors.push(o) } });
    try {
      await appendRecords(db.store, scriptedLoad(11, 400, 3));
      await waitForCatchUp(db.pool);
      expect(taken.size).toBe(0);
      expect(errors.length).toBeGreaterThan(0);

      bus.down = false;
      const { rows } = await db.pool.query<{ debate_id: string; position: string }>(`SELECT debate_id, position::text AS position FROM ${tables.DEBATE_STATE}`);
      expect(rows.length).toBeGreaterThan(1);
      const deadline = Date.now() + 10_000;
      while (rows.some((r) => taken.get(r.debate_id) !== BigInt(r.position)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(Object.fromEntries(taken)).toEqual(Object.fromEntries(rows.map((r) => [r.debate_id, BigInt(r.position)])));
    } finally {
      await running.stop();
    }
  });
});

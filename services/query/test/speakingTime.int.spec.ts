// Speaking time end to end: a debate driven through the real decider on a fake clock with known
// turn lengths, projected, then read over HTTP — floor, overtime and fairness come out exact.
import { SYSTEM_ACTOR } from '@booktalk/domain';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { DebateSim, type TestDb, appendRecords, openTestDb, projectToHead } from '@booktalk/projector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpeakingTime } from '../src/index.ts';
import { serve } from './support.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');
const who = (id: string) => ({ accountId: id, displayName: id[0]!.toUpperCase() + id.slice(1) });
const [host, alice, bob, carol] = ['host', 'alice', 'bob', 'carol'].map(who) as [ReturnType<typeof who>, ReturnType<typeof who>, ReturnType<typeof who>, ReturnType<typeof who>];

/** Presentations: alice yields at 100 s, bob overruns his 120 s slot by 3 s, carol yields at 50 s.
 *  Open floor (60 s turns): alice yields at 45 s; bob is extended by 15 s and cut at 80 s (5 s over). */
function scriptedDebate(): DebateSim {
  const sim = new DebateSim('st1', Date.parse('2026-02-01T19:00:00.000Z'));
  sim.run(host, { type: 'CreateDebate', data: { title: 'Timed debate', book: { title: 'Emma', author: 'Jane Austen' }, motion: 'Emma is kind', format: 'oxford', turnSeconds: 60, presentationSeconds: 120 } });
  sim.run(host, { type: 'OpenDebate', data: {} });
  sim.run(alice, { type: 'JoinDebate', data: { role: 'speaker', side: 'pro' } });
  sim.run(bob, { type: 'JoinDebate', data: { role: 'speaker', side: 'con' } });
  sim.run(carol, { type: 'JoinDebate', data: { role: 'speaker', side: 'con' } });
  sim.run(host, { type: 'StartDebate', data: {} });
  sim.run(host, { type: 'AdvanceRound', data: {} });
  sim.run(alice, { type: 'YieldTurn', data: {} }, 100_000);
  sim.run(SYSTEM_ACTOR, { type: 'ExpireTurn', data: { turnNo: 2 } }, 123_000);
  sim.run(carol, { type: 'YieldTurn', data: {} }, 50_000);
  expect(sim.state.round).toBe('FREE');
  sim.run(alice, { type: 'RaiseHand', data: {} });
  sim.run(host, { type: 'GrantTurn', data: {} });
  sim.run(alice, { type: 'YieldTurn', data: {} }, 45_000);
  sim.run(bob, { type: 'RaiseHand', data: {} });
  sim.run(host, { type: 'GrantTurn', data: {} });
  sim.run(host, { type: 'ExtendTurn', data: { ms: 15_000 } }, 30_000);
  sim.run(host, { type: 'EndTurn', data: { reason: 'enough' } }, 50_000);
  sim.run(host, { type: 'EndDebate', data: {} });
  return sim;
}

describe.skipIf(!server)('speaking time with known turn lengths', () => {
  let db: TestDb;
  let http: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    db = await openTestDb('speaking_time');
    await appendRecords(db.store, scriptedDebate().records);
    await projectToHead(db, { batchSize: 3 });
    http = await serve(db.pool, db.store);
  });
  afterAll(async () => {
    await http?.close();
    await db?.close();
  });

  it('gives exact floor, overtime, shares and fairness', async () => {
    const st = SpeakingTime.parse((await http.get('/api/debates/st1/analytics/speaking-time')).body);
    expect(st.participants.map((p) => [p.accountId, p.side, p.floorMs, p.turns, p.averageTurnMs, p.overtimeMs, p.presentationMs, p.openMs])).toEqual([
      ['bob', 'con', 203_000, 2, 101_500, 8_000, 123_000, 80_000],
      ['alice', 'pro', 145_000, 2, 72_500, 0, 100_000, 45_000],
      ['carol', 'con', 50_000, 1, 50_000, 0, 50_000, 0],
    ]);
    expect(st.totalFloorMs).toBe(398_000);
    expect(st.sides).toEqual([
      { side: 'pro', floorMs: 145_000, turns: 2, overtimeMs: 0, share: 0.3643, speakers: 1 },
      { side: 'con', floorMs: 253_000, turns: 3, overtimeMs: 8_000, share: 0.6357, speakers: 2 },
    ]);
    expect(st.rounds).toEqual([
      { round: 'presentation', floorMs: 273_000, turns: 3, overtimeMs: 3_000, share: 0.6859, sides: [{ side: 'pro', floorMs: 100_000, share: 0.3663 }, { side: 'con', floorMs: 173_000, share: 0.6337 }] },
      { round: 'open', floorMs: 125_000, turns: 2, overtimeMs: 5_000, share: 0.3141, sides: [{ side: 'pro', floorMs: 45_000, share: 0.36 }, { side: 'con', floorMs: 80_000, share: 0.64 }] },
    ]);
    // max side share 253/398: 1 − (253/398 − 1/2) / (1/2) = 0.72864…
    expect(st.fairness).toBe(0.7286);
    expect(st.fairnessBasis).toBe('sides');
  });
});

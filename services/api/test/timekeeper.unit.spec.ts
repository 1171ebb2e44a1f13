// The timekeeper on the in-memory store (its timing is under test, not the storage): warnings
// and expiry exactly once (two timekeepers running), nothing for a turn ended early, the new
// deadline for an extended one.
import { debateStreamId } from '@booktalk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler, type StoreChangeSource, TimekeeperRunner, storeChangeSource } from '../src/index.ts';
import { type MemoryTestStore, createMemoryTestStore } from './support/memoryStore.ts';
import { alice, hostActor, openFloor, send, sleep } from './support/debates.ts';

describe('TimekeeperRunner', () => {
  let db: MemoryTestStore;
  const sources: StoreChangeSource[] = [];
  const runners: TimekeeperRunner[] = [];
  let handler: CommandHandler;

  /** One timekeeper as a node would run it: its own handler and change feed on the shared store. */
  async function startTimekeeper(node: string) {
    const store = await db.connectAnother();
    const source = storeChangeSource(store);
    const runner = new TimekeeperRunner({ handler: new CommandHandler({ store, node }), source, warningsMs: [2_000] });
    sources.push(source);
    runners.push(runner);
    await runner.start();
  }

  beforeAll(async () => {
    db = createMemoryTestStore();
    handler = new CommandHandler({ store: db.store, node: 'test-node' });
    await startTimekeeper('tk-1');
    await startTimekeeper('tk-2');
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await Promise.all(sources.map((s) => s.close()));
    await db?.cleanup();
  });

  const timerEvents = async (debateId: string) =>
    (await db.store.readStream(debateStreamId(debateId)))
      .filter((e) => ['TurnWarningIssued', 'TurnEnded', 'TurnExtended'].includes(e.type) && (e.data as { turnNo?: number }).turnNo !== 1)
      .map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, actorId: e.metadata.actorId, at: Date.parse(e.occurredAt) }));

  it('warns, expires on time exactly once, leaves an ended turn alone and honours an extension', { timeout: 20_000 }, async () => {
    const [plain, ended, extended] = await Promise.all([openFloor(handler), openFloor(handler), openFloor(handler)]);
    const grant = (debateId: string) => send(handler, debateId, hostActor, { type: 'GrantTurn', data: { accountId: alice.accountId, durationMs: 6_000 } });
    const t0 = Date.now();
    await Promise.all([grant(plain), grant(ended), grant(extended)]);
    await sleep(1_000);
    await send(handler, ended, hostActor, { type: 'EndTurn', data: { reason: 'enough' } });
    await send(handler, extended, hostActor, { type: 'ExtendTurn', data: { ms: 3_000 } });
    await sleep(9_600 - (Date.now() - t0));

    const p = await timerEvents(plain);
    expect(p.map((e) => [e.type, e.data.remainingMs ?? e.data.reason])).toEqual([
      ['TurnWarningIssued', 2_000],
      ['TurnEnded', 'expired'],
    ]);
    expect(p.every((e) => e.actorId === 'system')).toBe(true);
    // On time: the warning 2 s before the deadline, the expiry at it (both within scheduling slack).
    expect(p[0]!.at - t0).toBeGreaterThanOrEqual(4_000);
    expect(p[0]!.at - t0).toBeLessThan(4_800);
    expect(p[1]!.at - t0).toBeGreaterThanOrEqual(6_000);
    expect(p[1]!.at - t0).toBeLessThan(6_800);

    expect((await timerEvents(ended)).map((e) => [e.type, e.data.reason])).toEqual([['TurnEnded', 'moderator']]);

    const x = await timerEvents(extended);
    expect(x.map((e) => [e.type, e.data.remainingMs ?? e.data.reason ?? e.data.byMs])).toEqual([
      ['TurnExtended', 3_000],
      ['TurnWarningIssued', 2_000],
      ['TurnEnded', 'expired'],
    ]);
    expect(x[2]!.at - t0).toBeGreaterThanOrEqual(9_000);
    expect(runners.every((r) => r.armed().size === 0)).toBe(true);
  });
});

// A timekeeper that was down when a turn ran out fires the overdue expiry when it starts.
import { debateStreamId } from '@booktalk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler, type StoreChangeSource, TimekeeperRunner, storeChangeSource } from '../src/index.ts';
import { type MemoryTestStore, createMemoryTestStore } from './support/memoryStore.ts';
import { alice, hostActor, openFloor, send, sleep } from './support/debates.ts';

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
  }
}

describe('TimekeeperRunner after a restart', () => {
  let db: MemoryTestStore;
  let source: StoreChangeSource | undefined;
  let runner: TimekeeperRunner | undefined;

  beforeAll(async () => {
    db = createMemoryTestStore();
  });
  afterAll(async () => {
    await runner?.stop();
    await source?.close();
    await db?.cleanup();
  });

  it('picks up a turn that ran out while it was down', { timeout: 20_000 }, async () => {
    const handler = new CommandHandler({ store: db.store, node: 'api' });
    const debateId = await openFloor(handler);
    const { version } = await send(handler, debateId, hostActor, { type: 'GrantTurn', data: { accountId: alice.accountId, durationMs: 5_000 } });
    // A first timekeeper arms the turn, then goes down before anything is due.
    const firstSource = storeChangeSource(db.store);
    const first = new TimekeeperRunner({ handler: new CommandHandler({ store: db.store, node: 'tk' }), source: firstSource, warningsMs: [2_000] });
    await first.start();
    // The store's global reads wait for transactions in flight anywhere on the server: poll briefly.
    await until(() => first.armed().has(debateId), 3_000);
    await first.stop();
    await firstSource.close();
    await sleep(5_300);
    expect(await db.store.readStream(debateStreamId(debateId), version + 1)).toEqual([]);

    source = storeChangeSource(await db.connectAnother());
    runner = new TimekeeperRunner({ handler: new CommandHandler({ store: db.store, node: 'tk-restarted' }), source, warningsMs: [2_000] });
    await runner.start();
    const after = await db.store.readStream(debateStreamId(debateId), version + 1);
    for (const deadline = Date.now() + 3_000; after.length === 0 && Date.now() < deadline; await sleep(20)) {
      after.push(...(await db.store.readStream(debateStreamId(debateId), version + 1)));
    }
    // Only the expiry: a warning that was due while down is superseded, not announced late.
    expect(after.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([['TurnEnded', 'expired']]);
    expect(after[0]!.metadata.node).toBe('tk-restarted');
  });
});

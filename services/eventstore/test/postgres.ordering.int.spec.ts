// Shows the out-of-order test has teeth: the same scenario read WITHOUT the settled-position rule
// (plain `position > checkpoint`) loses the append that commits last, for good. If this control ever
// stops losing it, the contract's ordering test no longer proves anything.
import { postgresForTests, requireService } from '@booktalk/infra';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresEventStore } from '../src/index.ts';
import { toStoredEvent } from '../src/postgres/reader.ts';
import { pollingSubscription } from '../src/pollingSubscription.ts';
import { Collector, commandEvents, sleep, uniqueStream } from './contract/fixtures.ts';
import { freshStore, holdOpenAppend } from './support/postgres.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('reading by position without the settled-position rule (negative control)', () => {
  let store: PostgresEventStore;
  let url: string;
  let cleanup: () => Promise<void>;
  let pool: pg.Pool;
  beforeAll(async () => {
    ({ store, url, cleanup } = await freshStore());
    pool = new pg.Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await cleanup?.();
  });

  const naiveReadAll = async (from: bigint, limit: number) => {
    const { rows } = await pool.query(
      'SELECT * FROM eventstore.events WHERE position > $1 ORDER BY position LIMIT $2',
      [from.toString(), limit],
    );
    const events = rows.map(toStoredEvent);
    return { events, nextPosition: events.at(-1)?.position ?? from, isEnd: events.length < limit };
  };

  it('skips the append that committed last, while the store does not', async () => {
    const [early, late] = [uniqueStream('early'), uniqueStream('late')];
    const keep = (e: { streamId: string }) => e.streamId === early || e.streamId === late;
    const naive = new Collector(keep);
    const real = new Collector(keep);
    const naiveSub = pollingSubscription(
      { readAll: naiveReadAll, onWake: () => () => undefined, pollIntervalMs: 20, retryDelayMs: 50 },
      0n,
      naive.handler,
    );
    const realSub = store.subscribeAll(0n, real.handler);
    try {
      const held = await holdOpenAppend(url, early);
      await store.append(late, commandEvents(1), 'no_stream');
      await sleep(500);
      await held.commit();
      // The store delivers both once every older transaction on the server has ended — another
      // test's long transaction can delay that, so wait for it (bounded) instead of a fixed pause.
      for (const end = Date.now() + 20_000; real.events.length < 2 && Date.now() < end; ) await sleep(50);
      await sleep(300); // and nothing more arrives
    } finally {
      await naiveSub.stop();
      await realSub.stop();
    }
    expect(naive.events.map((e) => e.streamId)).toEqual([late]);
    expect(real.events.map((e) => e.streamId)).toEqual([early, late]);
  });
});

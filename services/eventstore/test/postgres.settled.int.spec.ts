// What may hold the PostgreSQL store's readers back, and what may not (src/postgres/reader.ts):
// only appends in flight in this database. Write transactions elsewhere on the server, or in this
// database but not appending, delay nothing; a rolled-back append leaves a gap readers pass.
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresEventStore } from '../src/index.ts';
import { Collector, commandEvents, sleep, uniqueStream } from './contract/fixtures.ts';
import { freshStore, holdOpenAppend } from './support/postgres.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

/** A client inside a transaction that has written (it holds a transaction id) until end(). */
async function openWriteTransaction(url: string): Promise<{ end(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('CREATE TEMP TABLE held (x int); INSERT INTO held VALUES (1)');
  await client.query('SELECT pg_current_xact_id()');
  return {
    async end() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

describe.skipIf(!server)('PostgreSQL store: what holds readers back', () => {
  let store: PostgresEventStore;
  let url: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, url, cleanup } = await freshStore());
  });
  afterAll(async () => cleanup?.());

  /** Appends one event while `hold` is in place: it must reach a subscriber and the head anyway. */
  async function deliveredDespite(hold: { end(): Promise<void> }): Promise<void> {
    const stream = uniqueStream('despite');
    const seen = new Collector((e) => e.streamId === stream);
    const sub = store.subscribeAll(await store.headPosition(), seen.handler);
    try {
      const { position } = await store.append(stream, commandEvents(1), 'no_stream');
      for (const end = Date.now() + 3_000; seen.events.length === 0 && Date.now() < end; ) await sleep(20);
      expect(seen.events.map((e) => e.position)).toEqual([position]);
      expect(await store.headPosition()).toBe(position);
    } finally {
      await sub.stop();
      await hold.end();
    }
  }

  it('delivers while a write transaction is open in ANOTHER database on the server', async () => {
    const other = await createTestDatabase('eventstore_other');
    try {
      await deliveredDespite(await openWriteTransaction(other.url));
    } finally {
      await other.drop();
    }
  });

  it('delivers while a write transaction that is not an append is open in this database', async () => {
    await deliveredDespite(await openWriteTransaction(url));
  });

  it('stops below an append in flight, and passes the gap it leaves when rolled back', async () => {
    const before = await store.headPosition();
    const held = await holdOpenAppend(url, uniqueStream('rolled-back'));
    const later = uniqueStream('later');
    const { position } = await store.append(later, commandEvents(1), 'no_stream');
    // The held append took position `position - 1`: nothing at or above it is readable yet.
    expect(await store.headPosition()).toBe(before);
    expect((await store.readAll(before, 100)).events).toEqual([]);

    await held.rollback();
    expect(await store.headPosition()).toBe(position);
    const page = await store.readAll(before, 100);
    expect(page.events.map((e) => [e.streamId, e.position])).toEqual([[later, position]]);
  });
});

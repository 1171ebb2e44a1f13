// PostgreSQL test helpers: a migrated store on a fresh database, and a way to hold an append
// open inside its transaction.
import { createTestDatabase } from '@booktalk/infra';
import pg from 'pg';
import { PostgresEventStore } from '../../src/index.ts';
import { commandEvents } from '../contract/fixtures.ts';

export async function freshStore(): Promise<{ store: PostgresEventStore; url: string; cleanup(): Promise<void> }> {
  const db = await createTestDatabase('eventstore');
  const store = await PostgresEventStore.connect({ connectionString: db.url, retryDelayMs: 50 });
  return {
    store,
    url: db.url,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}

/** Runs append_events for one event in a transaction left open until commit(). */
export async function holdOpenAppend(url: string, streamId: string): Promise<{ commit(): Promise<void>; rollback(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  const [event] = commandEvents(1);
  await client.query('SELECT * FROM eventstore.append_events($1, -1, $2, $3)', [
    streamId,
    event!.metadata.commandId,
    JSON.stringify([event]),
  ]);
  return {
    async commit() {
      await client.query('COMMIT');
      await client.end();
    },
    async rollback() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

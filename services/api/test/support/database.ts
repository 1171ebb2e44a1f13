// A fresh PostgreSQL database with the event store schema, per test file.
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import { PostgresEventStore } from '@booktalk/eventstore';
import pg from 'pg';

/** null (with a printed reason) when no PostgreSQL is available locally; throws under CI. */
export const postgres = requireService(await postgresForTests(), 'PostgreSQL');

export interface TestStore {
  url: string;
  store: PostgresEventStore;
  /** A second store on the same database, as another process would have. */
  connectAnother(): Promise<PostgresEventStore>;
  /** Rows in the events table, counted directly (headPosition lags behind in-flight transactions anywhere on the server). */
  countEvents(): Promise<number>;
  cleanup(): Promise<void>;
}

export async function createTestStore(prefix = 'api'): Promise<TestStore> {
  const db = await createTestDatabase(prefix);
  const others: PostgresEventStore[] = [];
  const connect = () => PostgresEventStore.connect({ connectionString: db.url, pollIntervalMs: 100, retryDelayMs: 50 });
  const store = await connect();
  return {
    url: db.url,
    store,
    async connectAnother() {
      const other = await connect();
      others.push(other);
      return other;
    },
    async countEvents() {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events');
        return Number(rows[0]!.n);
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      await Promise.all([store, ...others].map((s) => s.close()));
      await db.drop();
    },
  };
}

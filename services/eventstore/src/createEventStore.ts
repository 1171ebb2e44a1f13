// Picks the adapter from the URL scheme, so configuration is one setting (e.g. EVENTSTORE_URL).
import type { EventStore } from './port.ts';
import { EsdbEventStore } from './esdb/index.ts';
import { MemoryEventStore } from './memory/index.ts';
import { PostgresEventStore } from './postgres/index.ts';

export interface EventStoreConfig {
  /**
   * `postgres://` / `postgresql://`, `esdb://` / `esdb+discover://` / `kurrentdb://` /
   * `kurrentdb+discover://`, or `memory:` (this process only, lost when it ends: tests and tools).
   */
  url: string;
  /** PostgreSQL only: create or upgrade the schema before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL only: schema name (default `eventstore`). */
  schema?: string;
}

export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  const scheme = /^([a-z+]+):/i.exec(config.url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'memory':
      return new MemoryEventStore();
    case 'postgres':
    case 'postgresql': {
      const store = new PostgresEventStore({ connectionString: config.url, schema: config.schema });
      if (config.migrate ?? true) await store.migrate();
      return store;
    }
    case 'esdb':
    case 'esdb+discover':
    case 'kurrentdb':
    case 'kurrentdb+discover':
      return new EsdbEventStore({ connectionString: config.url });
    default:
      throw new Error(
        `Unsupported event store URL scheme ${JSON.stringify(scheme ?? config.url.split(':')[0])}: use postgres://, esdb://, kurrentdb:// or memory:`,
      );
  }
}

// The projector as its own process (scaled setup): migrates the read models, runs every
// projection until SIGTERM/SIGINT. The bus here is in-process (no subscribers) until the
// signaling issue adds the Kafka adapter; then pass it to startProjections.
import { InMemoryBus } from '@booktalk/bus';
import { createEventStore } from '@booktalk/eventstore';
import pg from 'pg';
import { loadConfig } from './config.ts';
import { migrateReadModels } from './migrate.ts';
import { startProjections } from './runner/startProjections.ts';

const config = loadConfig();
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.PROJECTOR_POOL_SIZE });
const store = await createEventStore({ url: config.EVENTSTORE_URL ?? config.DATABASE_URL });
await migrateReadModels(pool);
const bus = new InMemoryBus();
const running = await startProjections({ pool, store, bus, batchSize: config.PROJECTOR_BATCH_SIZE });
console.log(JSON.stringify({ msg: 'projector started', pid: process.pid }));

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await running.stop();
  await store.close();
  await bus.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

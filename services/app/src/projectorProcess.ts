// The projector as its own process (scaled setup): migrates the read models, runs every
// projection until SIGTERM/SIGINT, and publishes DebateChanged after each committed batch.
// With KAFKA_BROKERS the bus is Kafka (signaling nodes in other processes listen); without it
// the bus is in-process, which in this process has no subscribers: projection still works.
import { createBus } from '@booktalk/bus';
import { DEBATE_CHANGES_TOPIC } from '@booktalk/contracts';
import { openShreddingStore } from '@booktalk/accounts';
import { createEventStore } from '@booktalk/eventstore';
import { loadProjectorConfig as loadConfig, migrateReadModels, startProjections } from '@booktalk/projector';
import pg from 'pg';
import { createLogger } from './logger.ts';

const config = loadConfig();
const nodeId = config.BOOKTALK_NODE_ID ?? `projector-${process.pid}`;
// JSON lines through pino like every other process (errors with their stack in `err`).
const log = createLogger(process.env.LOG_LEVEL ?? 'info', nodeId);
const pool = new pg.Pool({
  connectionString: config.DATABASE_URL,
  max: config.PROJECTOR_POOL_SIZE,
});
// A PostgreSQL restart must be a log line and a retried batch, not an unhandled 'error' event
// that ends the process: idle connections report on the pool, busy ones on themselves.
pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection lost'));
pool.on('connect', (client) => client.on('error', (err) => log.warn({ err: err.message }, 'database connection lost while in use')));
// Personal fields are sealed in the events (@booktalk/accounts): read them through the same decorator as the API.
const store = await openShreddingStore(pool, await createEventStore({ url: config.EVENTSTORE_URL ?? config.DATABASE_URL }));
const { reset } = await migrateReadModels(pool);
for (const r of reset) log.warn({ projection: r.name, was: r.was, now: r.now }, 'read model definition changed: replaying it from position 0');
// Kafka is connected and the topic created before projecting, so a broker that is down fails
// the start loudly instead of every later publish.
const bus = await createBus(
  config.KAFKA_BROKERS
    ? {
        kind: 'kafka',
        brokers: config.KAFKA_BROKERS,
        clientId: nodeId,
        nodeId,
        topics: [DEBATE_CHANGES_TOPIC],
        logger: { warn: (m, details) => log.warn(details ?? {}, m), error: (m, details) => log.error(details ?? {}, m) },
      }
    : { kind: 'memory' },
);
const running = await startProjections({
  pool,
  store,
  bus,
  logger: log,
  batchSize: config.PROJECTOR_BATCH_SIZE,
});
log.info(
  { pid: process.pid, bus: config.KAFKA_BROKERS ? { kind: 'kafka', brokers: config.KAFKA_BROKERS, topic: DEBATE_CHANGES_TOPIC } : { kind: 'memory' } },
  'projector started',
);

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

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

const config = loadConfig();
const nodeId = config.BOOKTALK_NODE_ID ?? `projector-${process.pid}`;
const pool = new pg.Pool({
  connectionString: config.DATABASE_URL,
  max: config.PROJECTOR_POOL_SIZE,
});
// Personal fields are sealed in the events (@booktalk/accounts): read them through the same decorator as the API.
const store = await openShreddingStore(pool, await createEventStore({ url: config.EVENTSTORE_URL ?? config.DATABASE_URL }));
const { reset } = await migrateReadModels(pool);
for (const r of reset) console.log(`read model ${r.name} changed (${r.was ?? 'no definition'} → ${r.now}): replaying it from position 0`);
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
      }
    : { kind: 'memory' },
);
const running = await startProjections({
  pool,
  store,
  bus,
  batchSize: config.PROJECTOR_BATCH_SIZE,
});
console.log(
  JSON.stringify({
    msg: 'projector started',
    pid: process.pid,
    nodeId,
    bus: config.KAFKA_BROKERS
      ? { kind: 'kafka', brokers: config.KAFKA_BROKERS, topic: DEBATE_CHANGES_TOPIC }
      : { kind: 'memory' },
  }),
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

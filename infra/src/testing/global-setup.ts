// Optional vitest globalSetup: resolves the services once in the main vitest process and
// exports them as env for the workers (which inherit it), so workers skip the lookup and a
// testcontainers container is shared by the whole run. Use in vitest.config.ts:
//   test: { globalSetup: ['@booktalk/infra/testing/global-setup'] }
import { kafkaForTests } from './kafka.ts';
import { postgresForTests } from './postgres.ts';

export default async function setup(): Promise<void> {
  const [pg, kafka] = await Promise.all([postgresForTests(), kafkaForTests()]);
  if (pg.available) process.env.TEST_DATABASE_URL = pg.url;
  if (kafka.available) process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  // Unavailable services: leave env unset; each test decides (skip locally, fail on CI).
}

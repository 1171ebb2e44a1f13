export { PostgresEventStore, type PostgresEventStoreOptions } from './postgresEventStore.ts';

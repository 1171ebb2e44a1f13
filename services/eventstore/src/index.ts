export * from './port.ts';
export { EventStoreInputError, MAX_EVENTS_PER_APPEND } from './validation.ts';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/index.ts';
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb/index.ts';
export { MemoryEventStore, type MemoryEventStoreOptions } from './memory/index.ts';
export { createEventStore, type EventStoreConfig } from './createEventStore.ts';

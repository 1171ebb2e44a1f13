export { EsdbEventStore, type EsdbEventStoreOptions } from './esdbEventStore.ts';
export { commandEventId, uuidV5 } from './eventIds.ts';

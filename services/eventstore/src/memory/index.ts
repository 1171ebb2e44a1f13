export { MemoryEventStore, type MemoryEventStoreOptions } from './memoryEventStore.ts';

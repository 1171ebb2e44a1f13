export * from './port.ts';
export { InMemoryBus } from './inMemoryBus.ts';
export { KafkaBus, type KafkaBusOptions } from './kafkaBus.ts';
export { createBus, type BusConfig } from './createBus.ts';
export type { BusLogger } from './kafka/log.ts';

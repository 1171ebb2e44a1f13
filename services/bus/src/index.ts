export * from './port.ts';
export { InMemoryBus } from './inMemoryBus.ts';
export { KafkaBus, type KafkaBusOptions } from './kafkaBus.ts';
export { createBus, type BusConfig } from './createBus.ts';
export type { BusLogger } from './kafka/log.ts';
export { createKafkaAdapter, DEFAULT_SOCKETIO_TOPIC, type KafkaAdapterFactory, type KafkaAdapterOptions } from './socketio/createKafkaAdapter.ts';

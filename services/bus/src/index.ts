export * from './port.ts';
export { InMemoryBus } from './inMemoryBus.ts';

export * from './ids.ts';
export * from './envelope.ts';
export * from './errors.ts';
export * from './events/index.ts';
export * from './events/upcasting.ts';
export * from './commands/index.ts';
export * from './state/index.ts';
export * from './bus/messages.ts';

export * from './debateState.ts';
export * from './evolve.ts';
export * from './view.ts';

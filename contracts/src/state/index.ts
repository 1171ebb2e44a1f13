export * from './debateState.ts';
export * from './evolve.ts';
export * from './floor.ts';
export * from './folding.ts';
export * from './hiddenMessages.ts';
export * from './view.ts';
export * from './viewNeutral.ts';

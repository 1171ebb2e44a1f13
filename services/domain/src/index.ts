export * from './context.ts';
export * from './errors.ts';
export { decide } from './decide.ts';
export { type DebateDecider, type Decider, debateDecider } from './decider.ts';
export { extractPageRefs } from './lifecycle.ts';
export * from './timekeeper.ts';
export { evolve, initialDebateState } from '@booktalk/contracts';

// Test support shared with other packages' tests (`@booktalk/projector/testing`).
export * from './scenario.ts';
export * from './db.ts';
export { oxfordDebate, at as oxfordAt, T0 as oxfordT0 } from './oxfordDebate.ts';

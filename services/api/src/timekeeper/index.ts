export type { DebateChangeSource } from './debateChangeSource.ts';
export { storeChangeSource, type StoreChangeSource } from './storeChangeSource.ts';
export { TimekeeperRunner, type TimekeeperOptions } from './timekeeperRunner.ts';
export { timerCommandId } from './timerCommandId.ts';

export { CommandHandler, type CommandHandlerOptions, type CommandResult, type DebateSnapshot, type HandleCommand } from './commandHandler.ts';
export { ConcurrencyError } from './errors.ts';
export { debateIdForCreate, deterministicUuid } from './debateIds.ts';
export { type GroupCommitOptions } from './groupCommit.ts';
export { KeyedMutex } from './keyedMutex.ts';

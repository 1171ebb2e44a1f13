// @booktalk/api: the command side — command handling, the timekeeper, and the HTTP command API.
export * from './commandHandling/index.ts';
export * from './timekeeper/index.ts';
export * from './http/index.ts';
export { type Clock, type Logger, silentLogger, systemClock } from './ports.ts';
export { type BudgetUse, type BudgetVerdict, InMemoryRateBudget, type RateBudget, type RateBudgetOptions, accountBudgetKey } from './rateBudget.ts';

// Failures of the command path that are not domain refusals.

/** Every retry lost the optimistic-concurrency race; nothing was written. Maps to HTTP 409. */
export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly debateId: string,
    readonly attempts: number,
  ) {
    super(`Debate ${debateId} kept changing under this command (${attempts} attempts); try again`);
    this.name = 'ConcurrencyError';
  }
}

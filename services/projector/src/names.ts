// Where the read models live: one PostgreSQL schema apart from the event store's, so a rebuild
// can never touch an event. (No imports: every projection module reads these.)
export const READ_SCHEMA = 'readmodels';
export const CHECKPOINTS = `${READ_SCHEMA}.checkpoints`;

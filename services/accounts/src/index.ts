// @booktalk/accounts: accounts, sessions, the guest policy, read access, and erasure by crypto-shredding.
export { createAccounts, type Accounts, type AccountsOptions } from './createAccounts.ts';
export { MIN_ACCESS_TTL_SECONDS, accountsConfigFromEnv, type AccountsConfig } from './config.ts';
export { CAPABILITIES, type Capability, type CommandLike, type PolicyDecision, capabilityOf, mayIssue, parseCapabilities } from './policy/commandPolicy.ts';
export { type AccessDecision, type DebateRoles, type Guarded, type Reader, mayRead } from './access/readAccess.ts';
export { type SessionIdentity, type SessionRevokedListener, Sessions } from './sessions/sessions.ts';
export { AccountService, DEFAULT_SIGN_IN_LIMITS, REFRESH_LIMIT, type SignInLimits } from './accountService.ts';
export { ShreddingEventStore, SEALED_FIELD } from './erasure/shreddingEventStore.ts';
export { openShreddingStore } from './erasure/openShreddingStore.ts';
export { Keyring } from './erasure/keyring.ts';
export { DELETED_USER, personalFields } from './erasure/personalData.ts';
export { migrateAccounts, ACCOUNTS_SCHEMA } from './schema.ts';
export { kindOfId } from './ids.ts';

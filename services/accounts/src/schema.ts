// The accounts context's own tables (schema `accounts`), beside the event store and the read
// models: credentials, sessions and erasure keys are mutable and deletable, so they never enter
// the immutable event log. Created at start, idempotently.
import type pg from 'pg';

export const ACCOUNTS_SCHEMA = 'accounts';
export const ACCOUNTS = `${ACCOUNTS_SCHEMA}.accounts`;
export const SESSIONS = `${ACCOUNTS_SCHEMA}.sessions`;
export const KEYS = `${ACCOUNTS_SCHEMA}.keys`;
export const ERASED = `${ACCOUNTS_SCHEMA}.erased`;

const DDL = `
  CREATE SCHEMA IF NOT EXISTS ${ACCOUNTS_SCHEMA};
  CREATE TABLE IF NOT EXISTS ${ACCOUNTS} (
    account_id    text PRIMARY KEY,
    username      text NOT NULL,
    -- lower-cased username: uniqueness ignores case ("Ada" and "ada" are one account)
    username_key  text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS ${SESSIONS} (
    session_id   text PRIMARY KEY,
    account_id   text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('account', 'guest')),
    -- a guest's name lives only here (an account's in accounts.display_name)
    display_name text NOT NULL,
    refresh_hash bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
  );
  -- the hashes of the refresh tokens a session handed out before its current one (newest first,
  -- the last 64): one of them coming back means a copy of the token is in someone else's hands
  ALTER TABLE ${SESSIONS} ADD COLUMN IF NOT EXISTS retired_hashes bytea[] NOT NULL DEFAULT '{}';
  ALTER TABLE ${SESSIONS} ADD COLUMN IF NOT EXISTS rotated_at timestamptz;
  CREATE INDEX IF NOT EXISTS sessions_account ON ${SESSIONS} (account_id);
  CREATE INDEX IF NOT EXISTS sessions_revoked ON ${SESSIONS} (revoked_at) WHERE revoked_at IS NOT NULL;
  -- crypto-shredding: one data key per identity; deleting the row makes its sealed fields unreadable
  CREATE TABLE IF NOT EXISTS ${KEYS} (
    account_id text PRIMARY KEY,
    key        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  -- erased identities: their plaintext fields in events written before sealing are redacted on read
  CREATE TABLE IF NOT EXISTS ${ERASED} (
    account_id text PRIMARY KEY,
    erased_at  timestamptz NOT NULL DEFAULT now()
  );`;

/** Creates the schema and tables; safe to run on every start and from several nodes at once. */
export async function migrateAccounts(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // CREATE … IF NOT EXISTS still races on the catalog when two nodes start together.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('booktalk.accounts.migrate'))`);
    await client.query(DDL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

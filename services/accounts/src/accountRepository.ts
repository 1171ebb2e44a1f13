// SQL for accounts.accounts. Usernames are compared by their lower-cased key.
import type pg from 'pg';
import { ACCOUNTS, ERASED, KEYS, SESSIONS } from './schema.ts';

export interface AccountRow {
  accountId: string;
  username: string;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
}

export const usernameKey = (username: string): string => username.trim().toLowerCase();

interface Row {
  account_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: Date;
}
const toAccount = (r: Row): AccountRow => ({
  accountId: r.account_id,
  username: r.username,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});
const COLUMNS = 'account_id, username, display_name, password_hash, created_at';

export class UsernameTakenError extends Error {
  constructor() {
    super('username taken');
    this.name = 'UsernameTakenError';
  }
}

export class AccountRepository {
  constructor(private readonly pool: pg.Pool) {}

  async insert(a: Omit<AccountRow, 'createdAt'>): Promise<AccountRow> {
    try {
      const { rows } = await this.pool.query<Row>(
        `INSERT INTO ${ACCOUNTS} (account_id, username, username_key, display_name, password_hash)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [a.accountId, a.username, usernameKey(a.username), a.displayName, a.passwordHash],
      );
      return toAccount(rows[0]!);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new UsernameTakenError();
      throw error;
    }
  }

  async byUsername(username: string): Promise<AccountRow | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${ACCOUNTS} WHERE username_key = $1`, [usernameKey(username)]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async byId(accountId: string): Promise<AccountRow | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${ACCOUNTS} WHERE account_id = $1`, [accountId]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async idsOfUsernames(usernames: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ account_id: string }>(`SELECT account_id FROM ${ACCOUNTS} WHERE username_key = ANY($1)`, [
      usernames.map(usernameKey),
    ]);
    return rows.map((r) => r.account_id);
  }

  async update(accountId: string, change: { displayName?: string; passwordHash?: string }): Promise<AccountRow | null> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE ${ACCOUNTS} SET display_name = coalesce($2, display_name), password_hash = coalesce($3, password_hash), updated_at = now()
       WHERE account_id = $1 RETURNING ${COLUMNS}`,
      [accountId, change.displayName ?? null, change.passwordHash ?? null],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /**
   * Erasure, in one transaction: the credentials and profile, the data key (which shreds every
   * sealed field of the identity's events), the session rows' names; the id goes on the erased list.
   */
  async erase(accountId: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`DELETE FROM ${ACCOUNTS} WHERE account_id = $1`, [accountId]);
      await client.query(`DELETE FROM ${KEYS} WHERE account_id = $1`, [accountId]);
      await client.query(`UPDATE ${SESSIONS} SET display_name = '' WHERE account_id = $1`, [accountId]);
      await client.query(`INSERT INTO ${ERASED} (account_id) VALUES ($1) ON CONFLICT DO NOTHING`, [accountId]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

// The per-identity data keys (accounts.keys) and the set of erased identities (accounts.erased),
// cached in process: reading a page of events costs at most one query for the keys it has not
// seen yet. A missing key for a sealed field means erased: keys are created before the first event
// sealed with them is appended, and only an erasure deletes one. Only found keys are cached, so a
// key made by another node after we looked is found the next time.
import type pg from 'pg';
import { newDataKey } from './cipher.ts';
import { ERASED, KEYS } from '../schema.ts';

const MAX_CACHED_KEYS = 50_000;

export class Keyring {
  private readonly keys = new Map<string, Buffer>();
  private readonly erased = new Set<string>();

  private constructor(private readonly pool: pg.Pool) {}

  static async load(pool: pg.Pool): Promise<Keyring> {
    const ring = new Keyring(pool);
    const { rows } = await pool.query<{ account_id: string }>(`SELECT account_id FROM ${ERASED}`);
    for (const r of rows) ring.erased.add(r.account_id);
    return ring;
  }

  isErased(accountId: string): boolean {
    return this.erased.has(accountId);
  }

  /** The key to seal this identity's new fields with (made on first use); null once erased. */
  async keyForWriting(accountId: string): Promise<Buffer | null> {
    if (this.erased.has(accountId)) return null;
    const cached = this.keys.get(accountId);
    if (cached) return cached;
    await this.pool.query(`INSERT INTO ${KEYS} (account_id, key) VALUES ($1, $2) ON CONFLICT (account_id) DO NOTHING`, [accountId, newDataKey()]);
    // A separate statement: it sees a key another node inserted first.
    const { rows } = await this.pool.query<{ key: Buffer }>(`SELECT key FROM ${KEYS} WHERE account_id = $1`, [accountId]);
    const key = rows[0]?.key ?? null;
    if (key) this.remember(accountId, key);
    return key;
  }

  /** Loads the keys of these identities that are not cached yet (one query). */
  async prefetch(accountIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(accountIds)].filter((id) => !this.keys.has(id) && !this.erased.has(id));
    if (missing.length === 0) return;
    const { rows } = await this.pool.query<{ account_id: string; key: Buffer }>(
      `SELECT account_id, key FROM ${KEYS} WHERE account_id = ANY($1)`,
      [missing],
    );
    for (const r of rows) this.remember(r.account_id, r.key);
  }

  /** The key, once prefetched; null when the identity has none (erased). */
  cached(accountId: string): Buffer | null {
    return this.erased.has(accountId) ? null : (this.keys.get(accountId) ?? null);
  }

  /** After an erasure committed: this process stops decrypting the identity's fields at once. */
  forget(accountId: string): void {
    this.erased.add(accountId);
    this.keys.delete(accountId);
  }

  private remember(accountId: string, key: Buffer): void {
    this.keys.set(accountId, key);
    if (this.keys.size > MAX_CACHED_KEYS) {
      // Map iteration is insertion order: drop the oldest entry (it is simply looked up again).
      const oldest = this.keys.keys().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
  }
}

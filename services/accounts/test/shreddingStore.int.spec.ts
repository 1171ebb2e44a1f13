// The crypto-shredding decorator on a real PostgreSQL event store.
import { randomUUID } from 'node:crypto';
import type { NewEvent, StoredEvent } from '@booktalk/contracts';
import { PostgresEventStore } from '@booktalk/eventstore';
import { createTestDatabase, postgresForTests, requireService } from '@booktalk/infra/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETED_USER, Keyring, SEALED_FIELD, ShreddingEventStore, migrateAccounts } from '../src/index.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

const joined = (accountId: string, displayName: string): NewEvent => {
  const commandId = randomUUID();
  return {
    type: 'ParticipantJoined',
    schemaVersion: 2,
    data: { accountId, displayName, role: 'audience', side: null, at: new Date().toISOString() },
    metadata: { commandId, correlationId: commandId, causationId: null, actorId: accountId, node: 'test' },
  };
};
const nameOf = (e: StoredEvent | undefined) => (e?.data as { displayName?: string }).displayName;

describe.skipIf(!server)('ShreddingEventStore', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  let raw: PostgresEventStore;
  const open = async () => new ShreddingEventStore(raw, await Keyring.load(pool));

  beforeAll(async () => {
    db = await createTestDatabase('accounts_shredding');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    await migrateAccounts(pool);
    raw = await PostgresEventStore.connect({ connectionString: db.url, pollIntervalMs: 50, retryDelayMs: 50 });
  });
  afterAll(async () => {
    await raw?.close();
    await pool?.end();
    await db?.drop();
  });

  it('stores only the erased value and a sealed box, and reads the name back', async () => {
    const store = await open();
    await store.append('debate-s1', [joined('u_ann', 'Ann Example')], 'no_stream');
    const [stored] = await raw.readStream('debate-s1');
    expect(nameOf(stored)).toBe(DELETED_USER);
    expect(stored!.data).toHaveProperty(SEALED_FIELD);
    const [opened] = await store.readStream('debate-s1');
    expect(nameOf(opened)).toBe('Ann Example');
    expect(opened!.data).not.toHaveProperty(SEALED_FIELD);
  });

  it('opens what another process sealed after this one first looked the identity up', async () => {
    const reader = await open();
    await raw.append('debate-s2', [joined('u_bea', 'Bea Plain')], 'no_stream');
    expect(nameOf((await reader.readStream('debate-s2'))[0])).toBe('Bea Plain');
    const writer = await open();
    await writer.append('debate-s2', [joined('u_bea', 'Bea Sealed')], 0);
    expect(nameOf((await reader.readStream('debate-s2'))[1])).toBe('Bea Sealed');
  });

  it('delivers opened events to subscribers', async () => {
    const store = await open();
    await store.append('debate-s3', [joined('u_cy', 'Cy Subscriber')], 'no_stream');
    const names: string[] = [];
    await new Promise<void>((resolve) => {
      const sub = store.subscribeAll(0n, async (events) => {
        for (const e of events) if (e.streamId === 'debate-s3') names.push(nameOf(e)!);
        if (names.length > 0) void sub.stop().then(resolve);
      });
    });
    expect(names).toEqual(['Cy Subscriber']);
  });

  it('reads "deleted user" once the key is gone, for sealed and for plaintext events', async () => {
    const store = await open();
    await raw.append('debate-s4', [joined('u_dee', 'Dee Before')], 'no_stream');
    await store.append('debate-s4', [joined('u_dee', 'Dee After')], 0);
    await pool.query(`DELETE FROM accounts.keys WHERE account_id = 'u_dee'`);
    await pool.query(`INSERT INTO accounts.erased (account_id) VALUES ('u_dee')`);
    const fresh = await open();
    expect((await fresh.readStream('debate-s4')).map(nameOf)).toEqual([DELETED_USER, DELETED_USER]);
    const page = await fresh.readAll(0n, 1000);
    expect(page.events.filter((e) => e.streamId === 'debate-s4').map(nameOf)).toEqual([DELETED_USER, DELETED_USER]);
  });

  it('refuses a sealed box that was tampered with', async () => {
    const store = await open();
    await store.append('debate-s5', [joined('u_eve', 'Eve Tamper')], 'no_stream');
    await pool.query(
      `UPDATE eventstore.events SET data = jsonb_set(data, '{${SEALED_FIELD},ct}', to_jsonb('AAAA'::text)) WHERE stream_id = 'debate-s5'`,
    );
    await expect((await open()).readStream('debate-s5')).rejects.toThrow(/does not open/);
  });
});

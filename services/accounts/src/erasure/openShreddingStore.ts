// For processes that read or write events without the rest of accounts (the projector process,
// the rebuild CLI): the crypto-shredding decorator over their store, on the accounts tables.
import type { EventStore } from '@booktalk/eventstore';
import type pg from 'pg';
import { migrateAccounts } from '../schema.ts';
import { Keyring } from './keyring.ts';
import { ShreddingEventStore } from './shreddingEventStore.ts';

export async function openShreddingStore(pool: pg.Pool, store: EventStore): Promise<EventStore> {
  await migrateAccounts(pool);
  return new ShreddingEventStore(store, await Keyring.load(pool));
}

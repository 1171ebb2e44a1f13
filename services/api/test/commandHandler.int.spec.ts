// The command handler on PostgreSQL: what group commit does to transactions. The rest of the
// handler's behaviour is store-agnostic and runs on the in-memory store (unit/commandHandler.unit.spec.ts).
import { randomUUID } from 'node:crypto';
import { debateStreamId } from '@booktalk/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../src/index.ts';
import { type TestStore, createTestStore, postgres } from './support/database.ts';
import { alice, openFloor, send } from './support/debates.ts';

describe.skipIf(!postgres)('CommandHandler on PostgreSQL', () => {
  let db: TestStore;

  beforeAll(async () => {
    db = await createTestStore('api_handler');
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  describe('group commit', () => {
    /** Transactions that wrote the given commands' events. */
    const transactionsOf = async (commandIds: string[]) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          'SELECT count(DISTINCT transaction_id) AS n FROM eventstore.events WHERE command_id = ANY($1)',
          [commandIds],
        );
        return Number(rows[0]!.n);
      } finally {
        await client.end();
      }
    };
    const debates = (handler: CommandHandler, n: number) => Promise.all(Array.from({ length: n }, () => openFloor(handler)));

    it('lets concurrent commands to different debates share transactions, each with its own result', async () => {
      const handler = new CommandHandler({ store: db.store, node: 'a' });
      const ids = await debates(handler, 20);
      const commandIds = ids.map(() => randomUUID());
      const results = await Promise.all(ids.map((id, i) => send(handler, id, alice, { type: 'RaiseHand', data: {} }, commandIds[i])));
      expect(results.map((r) => [r.debateId, r.events.map((e) => e.type), r.duplicate])).toEqual(ids.map((id) => [id, ['TurnRequested'], false]));
      // One goes at once; the ones that arrive while it is in flight share the next transaction(s).
      expect(await transactionsOf(commandIds)).toBeLessThanOrEqual(3);
      for (const [i, id] of ids.entries()) {
        const stream = await db.store.readStream(debateStreamId(id));
        expect(stream.at(-1)).toMatchObject({ version: results[i]!.version, position: results[i]!.position });
      }
      // The same again, repeated: every command answered as the duplicate it is, nothing written.
      const again = await Promise.all(ids.map((id, i) => send(handler, id, alice, { type: 'RaiseHand', data: {} }, commandIds[i])));
      expect(again).toEqual(results.map((r) => ({ ...r, duplicate: true })));
    });

    it('can be switched off: one transaction per command', async () => {
      const handler = new CommandHandler({ store: db.store, node: 'a', groupCommit: false });
      const ids = await debates(handler, 8);
      const commandIds = ids.map(() => randomUUID());
      await Promise.all(ids.map((id, i) => send(handler, id, alice, { type: 'RaiseHand', data: {} }, commandIds[i])));
      expect(await transactionsOf(commandIds)).toBe(8);
    });
  });
});

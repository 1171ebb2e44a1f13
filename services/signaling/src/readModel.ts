// The signaling node's reads of the debate_state read model (the projector's folded state per
// debate): a debate's view for snapshots and voice checks (with hidden messages: the feed strips
// them per socket), and the voice sessions it shows.
// Typed against a minimal query interface so any pg Pool (or client) fits.
import { type DebateState, toDebateView } from '@booktalk/contracts';
import type { ListVoiceSessions, ReadState } from './ports.ts';

export interface Queryable {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/** `table` is the debate_state table's qualified name (`tables.DEBATE_STATE` of @booktalk/projector). */
export function debateStateReader(db: Queryable, table: string): { readState: ReadState; voiceSessions: ListVoiceSessions } {
  if (!IDENTIFIER.test(table)) throw new Error(`Not a table name: ${table}`);
  return {
    async readState(debateId) {
      const { rows } = await db.query<{ state: DebateState; position: string }>(
        `SELECT state, position::text AS position FROM ${table} WHERE debate_id = $1`,
        [debateId],
      );
      const row = rows[0];
      if (!row) return null;
      return { position: row.position, state: toDebateView(row.state, row.position, { withHidden: true }), removed: row.state.removed ?? [] };
    },
    async voiceSessions() {
      const { rows } = await db.query<{ debate_id: string; account_id: string; peer_id: string }>(
        `SELECT d.debate_id, v.key AS account_id, v.value AS peer_id
           FROM ${table} d, jsonb_each_text(d.state->'voice') v
          WHERE d.state->'voice' <> '{}'::jsonb`,
      );
      return rows.map((r) => ({ debateId: r.debate_id, accountId: r.account_id, peerId: r.peer_id }));
    },
  };
}

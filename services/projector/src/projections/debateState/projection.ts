// debate_state (the folded DebateState per debate, jsonb) and debates (the lobby row derived from
// it). One projection for both: the lobby's counts and status come from the same fold.
// Per batch: load the states of the batch's debates in one query, fold in Node with the shared
// `evolve`, upsert both tables in one statement each.
import { type DebateChanged, type DebateState, initialDebateState, startFolding, toDebateView } from '@booktalk/contracts';
import type pg from 'pg';
import { byDebate } from '../../events.ts';
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';
import { type LobbyRow, lobbyRow, writeLobby } from './lobby.ts';

export const DEBATE_STATE = `${READ_SCHEMA}.debate_state`;
export const DEBATES = `${READ_SCHEMA}.debates`;
/** The folded state after every SNAPSHOT_EVERY-th event of a debate: replay folds from the nearest. */
export const STATE_SNAPSHOTS = `${READ_SCHEMA}.state_snapshots`;
/**
 * 200, not 1,000: reading and folding an event costs ~30 µs on the route (22 µs of it the
 * PostgreSQL read and row parse, measured on the 2-core build machine), so up to 999 events
 * took 30 ms idle and ~96 ms p99 in the benchmark (figure 5, goal one frame: 16 ms). The price is
 * five times the snapshot rows: each holds the whole folded state.
 */
export const SNAPSHOT_EVERY = 200;

interface SnapshotRow {
  debate_id: string;
  version: number;
  position: bigint;
  at: string;
  state: DebateState;
}

const snapshotSpec: TableSpec<SnapshotRow> = {
  table: STATE_SNAPSHOTS,
  key: ['debate_id', 'version'],
  columns: { debate_id: 'text', version: 'integer', position: 'bigint', at: 'timestamptz', state: 'jsonb' },
};

interface StateRow {
  debate_id: string;
  state: DebateState;
  position: bigint;
  version: number;
}

const stateSpec: TableSpec<StateRow> = {
  table: DEBATE_STATE,
  key: ['debate_id'],
  columns: { debate_id: 'text', state: 'jsonb', position: 'bigint', version: 'integer' },
};

export const debateStateProjection: Projection = {
  name: 'debate_state',
  // 2: chat messages keep their author's display name (ChatMessage.authorName).
  // 3: a snapshot every 200 events instead of 1,000.
  // 4: votes keep the side each option stands for (VoteState.sides).
  // 5: a removed participant leaves the moderator list (stored states kept removed moderators).
  version: 5,
  tables: [DEBATE_STATE, DEBATES, STATE_SNAPSHOTS],
  ddl: `
    CREATE TABLE IF NOT EXISTS ${DEBATE_STATE} (
      debate_id text PRIMARY KEY,
      state     jsonb NOT NULL,
      position  bigint NOT NULL,
      version   integer NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${DEBATES} (
      debate_id        text PRIMARY KEY,
      title            text NOT NULL,
      book_title       text,
      book_author      text,
      motion           text NOT NULL,
      format           text NOT NULL,
      status           text NOT NULL,
      host_id          text NOT NULL,
      participants     integer NOT NULL,
      speakers         integer NOT NULL,
      audience         integer NOT NULL,
      created_at       timestamptz,
      created_position bigint,
      start_at         timestamptz,
      opened_at        timestamptz,
      started_at       timestamptz,
      ended_at         timestamptz,
      last_event_at    timestamptz NOT NULL,
      position         bigint NOT NULL
    );
    -- The lobby pages newest first by the position of DebateScheduled (unique, so a stable cursor).
    CREATE INDEX IF NOT EXISTS debates_created ON ${DEBATES} (created_position DESC);
    CREATE INDEX IF NOT EXISTS debates_status_created ON ${DEBATES} (status, created_position DESC);
    CREATE TABLE IF NOT EXISTS ${STATE_SNAPSHOTS} (
      debate_id text NOT NULL,
      version   integer NOT NULL,
      position  bigint NOT NULL,
      at        timestamptz NOT NULL,
      state     jsonb NOT NULL,
      PRIMARY KEY (debate_id, version)
    );`,

  async apply(db, events) {
    const groups = byDebate(events);
    const ids = [...groups.keys()];
    const { rows } = await db.query<{ debate_id: string; state: DebateState }>(
      `SELECT debate_id, state FROM ${DEBATE_STATE} WHERE debate_id = ANY($1)`,
      [ids],
    );
    const loaded = new Map(rows.map((r) => [r.debate_id, r.state]));
    const states: StateRow[] = [];
    const lobby: LobbyRow[] = [];
    const changed: DebateChanged[] = [];
    const snapshots: SnapshotRow[] = [];
    for (const [debateId, list] of groups) {
      // In place (contracts' startFolding): a batch of chat is not O(messages) per message.
      const folding = startFolding(loaded.get(debateId) ?? initialDebateState(debateId));
      for (const e of list) {
        folding.add(e.event);
        if ((e.version + 1) % SNAPSHOT_EVERY === 0) {
          // A snapshot keeps the state of that instant: its own copy of the message record, which
          // the fold goes on writing into.
          const now = folding.state;
          snapshots.push({ debate_id: debateId, version: e.version, position: e.position, at: e.at, state: { ...now, messages: { ...now.messages } } });
        }
      }
      const state = folding.state;
      const last = list.at(-1)!;
      states.push({ debate_id: debateId, state, position: last.position, version: last.version });
      const scheduled = list.find((e) => e.event.type === 'DebateScheduled');
      // A stream that never scheduled a debate has no lobby entry (nothing to show).
      if (state.status !== 'none') lobby.push(lobbyRow(state, last, scheduled));
      changed.push({
        debateId,
        position: last.position.toString(),
        eventTypes: [...new Set(list.map((e) => e.event.type))],
        // With hidden messages: each node strips them per socket before pushing (debateFeed.ts).
        state: toDebateView(state, last.position, { withHidden: true }),
      });
    }
    await writeRows(db, stateSpec, states, 'replace');
    await writeLobby(db as pg.ClientBase, lobby);
    if (snapshots.length > 0) await writeRows(db, snapshotSpec, snapshots, 'replace');
    return { changed };
  },
};

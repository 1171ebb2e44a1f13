// speaking_time: the facts the analytics are computed from — one row per turn and one per
// participant, so speakers who never got the floor still count. Figures (totals, shares,
// fairness) are aggregated per request by the query service: a debate has at most a few hundred
// turns, and keeping only facts here means no derived number can drift from them.
// The fold is pure (fold.ts); here: load the rows it builds on in one query per table, fold the
// batch in Node, upsert the rows it changed.
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, loadRows, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';
import { foldRows, storedKeys } from '../rows.ts';
import { type ParticipantRow, type TurnRow, participants, turns } from './fold.ts';

export const SPEAKING_TURNS = `${READ_SCHEMA}.speaking_turns`;
export const SPEAKING_PARTICIPANTS = `${READ_SCHEMA}.speaking_participants`;

const turnSpec: TableSpec<TurnRow> = {
  table: SPEAKING_TURNS,
  key: turns.key,
  columns: {
    debate_id: 'text',
    turn_no: 'integer',
    account_id: 'text',
    side: 'text',
    kind: 'text',
    granted_at: 'timestamptz',
    duration_ms: 'bigint',
    ended_at: 'timestamptz',
    spoke_ms: 'bigint',
    overtime_ms: 'bigint',
    end_reason: 'text',
  },
};
const participantSpec: TableSpec<ParticipantRow> = {
  table: SPEAKING_PARTICIPANTS,
  key: participants.key,
  columns: { debate_id: 'text', account_id: 'text', display_name: 'text', side: 'text', role: 'text' },
};

export const speakingTimeProjection: Projection = {
  name: 'speaking_time',
  version: 1,
  tables: [SPEAKING_TURNS, SPEAKING_PARTICIPANTS],
  ddl: `
    CREATE TABLE IF NOT EXISTS ${SPEAKING_TURNS} (
      debate_id   text NOT NULL,
      turn_no     integer NOT NULL,
      account_id  text NOT NULL,
      side        text,
      kind        text NOT NULL,
      granted_at  timestamptz NOT NULL,
      duration_ms bigint NOT NULL,
      ended_at    timestamptz,
      spoke_ms    bigint,
      overtime_ms bigint,
      end_reason  text,
      PRIMARY KEY (debate_id, turn_no)
    );
    CREATE TABLE IF NOT EXISTS ${SPEAKING_PARTICIPANTS} (
      debate_id    text NOT NULL,
      account_id   text NOT NULL,
      display_name text NOT NULL,
      side         text,
      role         text NOT NULL,
      PRIMARY KEY (debate_id, account_id)
    );`,

  eventTypes: new Set(['TurnGranted', 'TurnExtended', 'TurnEnded', 'ParticipantJoined', 'SpeakerPromoted', 'SpeakerDemoted', 'ModeratorAssigned', 'ModeratorRevoked']),
  async apply(db, events) {
    const [storedTurns, storedPeople] = await Promise.all([
      loadRows(db, turnSpec, storedKeys(turns, events)),
      loadRows(db, participantSpec, storedKeys(participants, events)),
    ]);
    await writeRows(db, turnSpec, foldRows(turns, storedTurns, events), 'replace');
    await writeRows(db, participantSpec, foldRows(participants, storedPeople, events), 'replace');
  },
};

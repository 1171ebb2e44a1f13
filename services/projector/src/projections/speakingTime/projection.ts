// speaking_time: the facts the analytics are computed from — one row per turn (granted → ended,
// with the floor time and overtime the TurnEnded event measured) and one per participant (name,
// side, role), so speakers who never got the floor still count. Figures (totals, shares,
// fairness) are aggregated per request by the query service: a debate has at most a few hundred
// turns, and keeping only facts here means no derived number can drift from them.
// Per batch: load the touched rows in one query per table, merge the events in Node, upsert.
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, keyOf, loadRows, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';

export const SPEAKING_TURNS = `${READ_SCHEMA}.speaking_turns`;
export const SPEAKING_PARTICIPANTS = `${READ_SCHEMA}.speaking_participants`;

interface TurnRow {
  debate_id: string;
  turn_no: number;
  account_id: string;
  side: string | null;
  kind: 'presentation' | 'open';
  granted_at: string;
  /** Granted duration including extensions. */
  duration_ms: number;
  ended_at: string | null;
  spoke_ms: number | null;
  overtime_ms: number | null;
  end_reason: string | null;
}
interface ParticipantRow {
  debate_id: string;
  account_id: string;
  display_name: string;
  side: string | null;
  role: string;
}

const turnSpec: TableSpec<TurnRow> = {
  table: SPEAKING_TURNS,
  key: ['debate_id', 'turn_no'],
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
  key: ['debate_id', 'account_id'],
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

  async apply(db, events) {
    const turnKeys = new Map<string, { debate_id: string; turn_no: number }>();
    const peopleKeys = new Map<string, { debate_id: string; account_id: string }>();
    for (const { debateId, event: e } of events) {
      if (e.type === 'TurnExtended' || e.type === 'TurnEnded') turnKeys.set(keyOf(debateId, e.data.turnNo), { debate_id: debateId, turn_no: e.data.turnNo });
      if (e.type === 'SpeakerPromoted' || e.type === 'SpeakerDemoted' || e.type === 'ModeratorAssigned') {
        const id = e.data.targetId ?? '';
        peopleKeys.set(keyOf(debateId, id), { debate_id: debateId, account_id: id });
      }
    }
    const [storedTurns, storedPeople] = await Promise.all([
      loadRows(db, turnSpec, [...turnKeys.values()]),
      loadRows(db, participantSpec, [...peopleKeys.values()]),
    ]);
    const turns = new Map(storedTurns.map((t) => [keyOf(t.debate_id, t.turn_no), t]));
    const people = new Map(storedPeople.map((p) => [keyOf(p.debate_id, p.account_id), p]));
    const dirtyTurns = new Set<string>();
    const dirtyPeople = new Set<string>();
    const person = (debateId: string, id: string | null, patch: Partial<ParticipantRow>) => {
      const k = keyOf(debateId, id ?? '');
      const p = people.get(k);
      if (!p) return; // never joined (cannot happen with the deciders); nothing to attach it to
      people.set(k, { ...p, ...patch });
      dirtyPeople.add(k);
    };
    const turn = (debateId: string, turnNo: number, patch: (t: TurnRow) => Partial<TurnRow>) => {
      const k = keyOf(debateId, turnNo);
      const t = turns.get(k);
      if (!t) return;
      turns.set(k, { ...t, ...patch(t) });
      dirtyTurns.add(k);
    };

    for (const { debateId, event: e } of events) {
      switch (e.type) {
        case 'ParticipantJoined': {
          const k = keyOf(debateId, e.data.accountId);
          people.set(k, { debate_id: debateId, account_id: e.data.accountId, display_name: e.data.displayName, side: e.data.side, role: e.data.role });
          dirtyPeople.add(k);
          break;
        }
        case 'SpeakerPromoted':
          person(debateId, e.data.targetId, { role: 'speaker', side: e.data.side });
          break;
        case 'SpeakerDemoted':
          person(debateId, e.data.targetId, { role: 'audience' });
          break;
        case 'ModeratorAssigned':
          person(debateId, e.data.targetId, { role: 'moderator' });
          break;
        case 'TurnGranted': {
          const d = e.data;
          const k = keyOf(debateId, d.turnNo);
          turns.set(k, {
            debate_id: debateId,
            turn_no: d.turnNo,
            account_id: d.speaker,
            side: d.side,
            kind: d.kind,
            granted_at: d.startedAt,
            duration_ms: d.durationMs,
            ended_at: null,
            spoke_ms: null,
            overtime_ms: null,
            end_reason: null,
          });
          dirtyTurns.add(k);
          break;
        }
        case 'TurnExtended':
          turn(debateId, e.data.turnNo, (t) => ({ duration_ms: t.duration_ms + e.data.byMs }));
          break;
        case 'TurnEnded':
          turn(debateId, e.data.turnNo, () => ({
            ended_at: e.data.at,
            spoke_ms: e.data.spokeMs,
            overtime_ms: e.data.overtimeMs,
            end_reason: e.data.reason,
          }));
          break;
        default:
          break;
      }
    }
    await writeRows(db, turnSpec, [...dirtyTurns].map((k) => turns.get(k)!), 'replace');
    await writeRows(db, participantSpec, [...dirtyPeople].map((k) => people.get(k)!), 'replace');
  },
};

// The speaking_time fold, pure: events → one row per turn (granted → ended, with the floor time
// and overtime the TurnEnded event measured) and one per participant (name, side, role).
import { keyOf } from '../../sql.ts';
import type { ProjectedEvent } from '../../events.ts';
import { type Rows, withRow } from '../rows.ts';

export interface TurnRow {
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

export interface ParticipantRow {
  debate_id: string;
  account_id: string;
  display_name: string;
  side: string | null;
  role: string;
}

export interface SpeakingTimeRows {
  turns: Rows<TurnRow>;
  people: Rows<ParticipantRow>;
}

export const emptySpeakingTime = (): SpeakingTimeRows => ({ turns: new Map(), people: new Map() });
export const turnKey = (t: Pick<TurnRow, 'debate_id' | 'turn_no'>): string => keyOf(t.debate_id, t.turn_no);
export const personKey = (p: Pick<ParticipantRow, 'debate_id' | 'account_id'>): string => keyOf(p.debate_id, p.account_id);

/** The stored rows the fold of `events` builds on: turns they extend or end, people whose role changes. */
export function rowsToLoad(events: readonly ProjectedEvent[]) {
  const turns = new Map<string, Pick<TurnRow, 'debate_id' | 'turn_no'>>();
  const people = new Map<string, Pick<ParticipantRow, 'debate_id' | 'account_id'>>();
  for (const { debateId, event: e } of events) {
    if (e.type === 'TurnExtended' || e.type === 'TurnEnded') {
      const key = { debate_id: debateId, turn_no: e.data.turnNo };
      turns.set(turnKey(key), key);
    }
    if (e.type === 'SpeakerPromoted' || e.type === 'SpeakerDemoted' || e.type === 'ModeratorAssigned') {
      const key = { debate_id: debateId, account_id: e.data.targetId ?? '' };
      people.set(personKey(key), key);
    }
  }
  return { turns: [...turns.values()], people: [...people.values()] };
}

const patchPerson = (rows: SpeakingTimeRows, debateId: string, accountId: string | null, patch: Partial<ParticipantRow>): SpeakingTimeRows => {
  const key = personKey({ debate_id: debateId, account_id: accountId ?? '' });
  const p = rows.people.get(key);
  // Never joined (the deciders do not allow it): nothing to attach the change to.
  return p ? { ...rows, people: withRow(rows.people, key, { ...p, ...patch }) } : rows;
};

const patchTurn = (rows: SpeakingTimeRows, debateId: string, turnNo: number, patch: (t: TurnRow) => Partial<TurnRow>): SpeakingTimeRows => {
  const key = turnKey({ debate_id: debateId, turn_no: turnNo });
  const t = rows.turns.get(key);
  return t ? { ...rows, turns: withRow(rows.turns, key, { ...t, ...patch(t) }) } : rows;
};

export function evolve(rows: SpeakingTimeRows, { debateId, event: e }: ProjectedEvent): SpeakingTimeRows {
  switch (e.type) {
    case 'ParticipantJoined': {
      const d = e.data;
      const row: ParticipantRow = { debate_id: debateId, account_id: d.accountId, display_name: d.displayName, side: d.side, role: d.role };
      return { ...rows, people: withRow(rows.people, personKey(row), row) };
    }
    case 'SpeakerPromoted':
      return patchPerson(rows, debateId, e.data.targetId, { role: 'speaker', side: e.data.side });
    case 'SpeakerDemoted':
      return patchPerson(rows, debateId, e.data.targetId, { role: 'audience' });
    case 'ModeratorAssigned':
      return patchPerson(rows, debateId, e.data.targetId, { role: 'moderator' });
    case 'TurnGranted': {
      const d = e.data;
      const row: TurnRow = {
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
      };
      return { ...rows, turns: withRow(rows.turns, turnKey(row), row) };
    }
    case 'TurnExtended':
      return patchTurn(rows, debateId, e.data.turnNo, (t) => ({ duration_ms: t.duration_ms + e.data.byMs }));
    case 'TurnEnded':
      return patchTurn(rows, debateId, e.data.turnNo, () => ({
        ended_at: e.data.at,
        spoke_ms: e.data.spokeMs,
        overtime_ms: e.data.overtimeMs,
        end_reason: e.data.reason,
      }));
    default:
      return rows;
  }
}

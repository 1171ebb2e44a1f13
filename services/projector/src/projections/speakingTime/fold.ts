// The speaking_time fold, pure: one row per turn (granted → ended, with the floor time and
// overtime the TurnEnded event measured) and one per participant (name, side, role).
import type { RowFold } from '../rows.ts';

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

export const turns: RowFold<TurnRow> = {
  key: ['debate_id', 'turn_no'],
  target({ debateId, event: e }) {
    if (e.type === 'TurnGranted') return { key: { debate_id: debateId, turn_no: e.data.turnNo }, stored: false };
    if (e.type === 'TurnExtended' || e.type === 'TurnEnded') return { key: { debate_id: debateId, turn_no: e.data.turnNo }, stored: true };
    return null;
  },
  evolve(t, { debateId, event: e }) {
    switch (e.type) {
      case 'TurnGranted': {
        const d = e.data;
        return {
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
      }
      // A turn this table never saw granted has nothing to extend or end.
      case 'TurnExtended':
        return t && { ...t, duration_ms: t.duration_ms + e.data.byMs };
      case 'TurnEnded':
        return t && { ...t, ended_at: e.data.at, spoke_ms: e.data.spokeMs, overtime_ms: e.data.overtimeMs, end_reason: e.data.reason };
      default:
        return t;
    }
  },
};

export const participants: RowFold<ParticipantRow> = {
  key: ['debate_id', 'account_id'],
  target({ debateId, event: e }) {
    if (e.type === 'ParticipantJoined') return { key: { debate_id: debateId, account_id: e.data.accountId }, stored: false };
    if (e.type === 'SpeakerPromoted' || e.type === 'SpeakerDemoted' || e.type === 'ModeratorAssigned' || e.type === 'ModeratorRevoked') {
      return { key: { debate_id: debateId, account_id: e.data.targetId ?? '' }, stored: true };
    }
    return null;
  },
  evolve(p, { debateId, event: e }) {
    switch (e.type) {
      case 'ParticipantJoined': {
        const d = e.data;
        return { debate_id: debateId, account_id: d.accountId, display_name: d.displayName, side: d.side, role: d.role };
      }
      // Someone who never joined (the deciders do not allow it) has no row to change.
      case 'SpeakerPromoted':
        return p && { ...p, role: 'speaker', side: e.data.side };
      case 'SpeakerDemoted':
      case 'ModeratorRevoked':
        return p && { ...p, role: 'audience' };
      case 'ModeratorAssigned':
        return p && { ...p, role: 'moderator' };
      default:
        return p;
    }
  },
};

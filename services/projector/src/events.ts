// Stored events → what projections consume: typed (upcast through contracts), with the debate
// id, the instant it happened (from the event's own data) and who caused it.
import { type DebateEvent, type StoredEvent, debateIdFromStream, upcastEvent } from '@booktalk/contracts';

export interface ProjectedEvent {
  position: bigint;
  debateId: string;
  /** 0-based version inside the debate stream. */
  version: number;
  event: DebateEvent;
  /** ISO time the event itself records (domain time, not the append time). */
  at: string;
  actorId: string;
}

/** The domain instant of an event: every event carries `at`, except a grant (its `startedAt`). */
export const eventAt = (e: DebateEvent): string => (e.type === 'TurnGranted' ? e.data.startedAt : e.data.at);

/** A debate event that no schema accepts (corrupt data, or written by a newer version). */
export interface UndecodableEvent {
  position: bigint;
  debateId: string;
  type: string;
  error: unknown;
}

export interface DecodedBatch {
  events: ProjectedEvent[];
  /** Each one parks its debate (runner/parking.ts): skipping it would silently lose data. */
  undecodable: UndecodableEvent[];
}

/**
 * Non-debate streams are not ours (the store may hold others): they are dropped here but still
 * move the checkpoint. An undecodable debate event is set apart rather than thrown, so one bad
 * event parks its own debate instead of stopping the batch for every debate.
 */
export function decodeEvents(stored: readonly StoredEvent[]): DecodedBatch {
  const events: ProjectedEvent[] = [];
  const undecodable: UndecodableEvent[] = [];
  for (const s of stored) {
    const debateId = debateIdFromStream(s.streamId);
    if (debateId === null) continue;
    try {
      const event = upcastEvent(s.type, s.schemaVersion, s.data);
      events.push({ position: s.position, debateId, version: s.version, event, at: eventAt(event), actorId: s.metadata.actorId });
    } catch (error) {
      undecodable.push({ position: s.position, debateId, type: s.type, error });
    }
  }
  return { events, undecodable };
}

/** Events grouped by debate, each group in global order (Map keeps first-seen order). */
export function byDebate(events: readonly ProjectedEvent[]): Map<string, ProjectedEvent[]> {
  const groups = new Map<string, ProjectedEvent[]>();
  for (const e of events) {
    const list = groups.get(e.debateId);
    if (list) list.push(e);
    else groups.set(e.debateId, [e]);
  }
  return groups;
}

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

/**
 * Non-debate streams are not ours (the store may hold others): they are dropped here but still
 * move the checkpoint. An undecodable debate event throws: skipping it would silently lose data,
 * so the runner stops and retries instead (visible as growing lag).
 */
export function decodeEvents(stored: readonly StoredEvent[]): ProjectedEvent[] {
  const out: ProjectedEvent[] = [];
  for (const s of stored) {
    const debateId = debateIdFromStream(s.streamId);
    if (debateId === null) continue;
    const event = upcastEvent(s.type, s.schemaVersion, s.data);
    out.push({ position: s.position, debateId, version: s.version, event, at: eventAt(event), actorId: s.metadata.actorId });
  }
  return out;
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

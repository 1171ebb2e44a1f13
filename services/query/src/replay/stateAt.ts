// The state of a debate as it was at an instant: its events folded up to a position, a time or an
// offset from its start (the timeline's origin: DebateStarted, else its first event).
//
// Bounded per request: the debate_state projection keeps the folded state after every 200th
// event of a debate (state_snapshots, SNAPSHOT_EVERY), so an instant costs one snapshot lookup
// plus at most a page of the stream, however long the debate — not a fold of the whole stream on every call.
// The stream is read in pages past the last snapshot too, so a lagging read model only costs
// more pages, never a wrong state.
import { type DebateEvent, type DebateState, type DebateView, type ViewReader, debateStreamId, evolve, initialDebateState, seesHiddenMessages, toDebateView, upcastEvent } from '@booktalk/contracts';
import type { EventStore } from '@booktalk/eventstore';
import { eventAt, tables } from '@booktalk/projector';
import type pg from 'pg';
import { moderationOf } from '../read/debates.ts';

/** The instants events can carry (storable.ts: years 1–9999, UTC). */
const EARLIEST = new Date('0001-01-01T00:00:00.000Z').getTime();
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export type Instant = { position: bigint } | { time: number } | { offsetMs: number };

interface Snapshot {
  version: number;
  position: string;
  state: DebateState;
}

/** Where offsets count from: DebateStarted, else the debate's first event. */
async function originOf(pool: pg.Pool, store: EventStore, debateId: string): Promise<number | null> {
  const { rows } = await pool.query<{ started_at: Date | null; created_at: Date | null }>(
    `SELECT started_at, created_at FROM ${tables.DEBATES} WHERE debate_id = $1`,
    [debateId],
  );
  const row = rows[0];
  if (row?.started_at) return row.started_at.getTime();
  // Not started (or not projected yet): the stream tells. A start among the first events counts.
  const head = await store.readStream(debateStreamId(debateId), 0, tables.SNAPSHOT_EVERY);
  const events = head.map((s) => upcastEvent(s.type, s.schemaVersion, s.data));
  const started = events.find((e) => e.type === 'DebateStarted');
  const first = started ?? events[0];
  return first ? Date.parse(eventAt(first)) : null;
}

/** The latest snapshot at or before the instant, if any. */
async function snapshotBefore(pool: pg.Pool, debateId: string, bound: { position: bigint } | { time: number }): Promise<Snapshot | null> {
  const [column, value] = 'position' in bound ? ['position', bound.position.toString()] : ['at', new Date(bound.time).toISOString()];
  const { rows } = await pool.query<Snapshot>(
    `SELECT version, position::text AS position, state FROM ${tables.STATE_SNAPSHOTS}
      WHERE debate_id = $1 AND ${column} <= $2 ORDER BY version DESC LIMIT 1`,
    [debateId, value],
  );
  return rows[0] ?? null;
}

/**
 * The view of the folded state for this reader. Hidden means hidden at every instant: a message
 * hidden by now (the read model's latest state) is marked hidden in the past state too, so the
 * minute before the moderator acted does not show it to the public; the host, moderators (as of
 * now) and site admins see it, marked. (A hide the read model has not projected yet is missed for
 * instants before it: the same few milliseconds the live view shows it for.)
 */
async function viewOf(pool: pg.Pool, state: DebateState, position: bigint, reader: ViewReader | null): Promise<DebateView> {
  const now = await moderationOf(pool, state.debateId);
  const roles = now ?? state;
  let messages = state.messages;
  if (now && Object.values(messages).some((m) => !m.hidden && now.hidden.has(m.messageId))) {
    messages = Object.fromEntries(Object.entries(messages).map(([id, m]) => [id, now.hidden.has(id) ? { ...m, hidden: true } : m]));
  }
  return toDebateView({ ...state, messages }, position, { withHidden: seesHiddenMessages(roles, reader) });
}

/** null when the debate has no events. */
export async function stateAt(pool: pg.Pool, store: EventStore, debateId: string, instant: Instant, reader: ViewReader | null = null): Promise<DebateView | null> {
  let bound: { position: bigint } | { time: number };
  if ('offsetMs' in instant) {
    const origin = await originOf(pool, store, debateId);
    if (origin === null) return null;
    // Any offset is valid; an instant beyond the years events can carry means "before everything"
    // or "after everything", so it is clamped into them (Date and timestamptz stay in range).
    bound = { time: Math.min(LATEST, Math.max(EARLIEST, origin + instant.offsetMs)) };
  } else {
    bound = instant;
  }
  const included = (position: bigint, time: number) => ('position' in bound ? position <= bound.position : time <= bound.time);

  const snapshot = await snapshotBefore(pool, debateId, bound);
  let state = snapshot?.state ?? initialDebateState(debateId);
  let position = snapshot ? BigInt(snapshot.position) : 0n;
  let from = snapshot ? snapshot.version + 1 : 0;
  const streamId = debateStreamId(debateId);
  // Stream order; stop at the first event past the instant (times never go back within a stream).
  for (;;) {
    const page = await store.readStream(streamId, from, tables.SNAPSHOT_EVERY);
    if (page.length === 0 && from === 0) return null;
    for (const stored of page) {
      const event = upcastEvent(stored.type, stored.schemaVersion, stored.data) as DebateEvent;
      if (!included(stored.position, Date.parse(eventAt(event)))) return viewOf(pool, state, position, reader);
      state = evolve(state, event);
      position = stored.position;
    }
    if (page.length < tables.SNAPSHOT_EVERY) return viewOf(pool, state, position, reader);
    from += page.length;
  }
}

// The lobby list and the projected state of one debate, straight from the read models.
import { type DebateState, type ViewReader, seesHiddenMessages, toDebateView } from '@booktalk/contracts';
import { tables } from '@booktalk/projector';
import type pg from 'pg';
import type { z } from 'zod';
import type { LobbyItem, LobbyQuery } from '../http/schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface LobbyRow {
  debate_id: string;
  title: string;
  book_title: string | null;
  book_author: string | null;
  motion: string;
  format: 'oxford' | 'free';
  status: 'scheduled' | 'open' | 'live' | 'ended';
  host_id: string;
  participants: number;
  speakers: number;
  audience: number;
  created_at: Date | null;
  created_position: string;
  start_at: Date | null;
  opened_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  last_event_at: Date;
  position: string;
}

const toItem = (r: LobbyRow): z.infer<typeof LobbyItem> => ({
  id: r.debate_id,
  title: r.title,
  book: r.book_title !== null ? { title: r.book_title, author: r.book_author ?? '' } : null,
  motion: r.motion,
  format: r.format,
  status: r.status,
  hostId: r.host_id,
  participants: r.participants,
  speakers: r.speakers,
  audience: r.audience,
  createdAt: iso(r.created_at),
  startAt: iso(r.start_at),
  openedAt: iso(r.opened_at),
  startedAt: iso(r.started_at),
  endedAt: iso(r.ended_at),
  lastEventAt: r.last_event_at.toISOString(),
  position: r.position,
});

/** Newest first; the cursor is the created position of the last item (stable under inserts). */
export async function listDebates(pool: pg.Pool, q: z.infer<typeof LobbyQuery>) {
  const where: string[] = ['created_position IS NOT NULL'];
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  if (q.status) where.push(`status = ${param(q.status)}`);
  if (q.q) {
    const p = param(likePattern(q.q));
    where.push(`(title ILIKE ${p} OR book_title ILIKE ${p} OR book_author ILIKE ${p} OR motion ILIKE ${p})`);
  }
  if (q.cursor) where.push(`created_position < ${param(q.cursor)}`);
  const { rows } = await pool.query<LobbyRow>(
    `SELECT * FROM ${tables.DEBATES} WHERE ${where.join(' AND ')} ORDER BY created_position DESC LIMIT ${param(q.limit + 1)}`,
    values,
  );
  const page = rows.slice(0, q.limit);
  return { items: page.map(toItem), next: rows.length > q.limit ? page.at(-1)!.created_position : null };
}

export async function debateExists(pool: pg.Pool, id: string): Promise<boolean> {
  const { rowCount } = await pool.query(`SELECT 1 FROM ${tables.DEBATES} WHERE debate_id = $1`, [id]);
  return (rowCount ?? 0) > 0;
}

/** The projected state as GET /api/debates/:id shows it to this reader (hidden messages for moderators only), or null. */
export async function projectedState(pool: pg.Pool, id: string, reader: ViewReader | null) {
  const { rows } = await pool.query<{ state: DebateState; position: string }>(
    `SELECT state, position FROM ${tables.DEBATE_STATE} WHERE debate_id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row || row.state.status === 'none') return null;
  return toDebateView(row.state, row.position, { withHidden: seesHiddenMessages(row.state, reader) });
}

/** Who may moderate the debate now, and the ids of its messages hidden by now; null when it is not projected. */
export async function moderationOf(pool: pg.Pool, id: string): Promise<{ hostId: string; moderators: string[]; hidden: Set<string> } | null> {
  const { rows } = await pool.query<{ host_id: string | null; moderators: string[] | null; hidden: string[] }>(
    `SELECT state->>'hostId' AS host_id,
            ARRAY(SELECT jsonb_array_elements_text(state->'moderators')) AS moderators,
            ARRAY(SELECT m.key FROM jsonb_each(state->'messages') m WHERE (m.value->>'hidden')::boolean) AS hidden
       FROM ${tables.DEBATE_STATE} WHERE debate_id = $1`,
    [id],
  );
  const row = rows[0];
  return row ? { hostId: row.host_id ?? '', moderators: row.moderators ?? [], hidden: new Set(row.hidden) } : null;
}

/** The debate's format, or null when it does not exist (analytics depend on it). */
export async function debateFormat(pool: pg.Pool, id: string): Promise<'oxford' | 'free' | null> {
  const { rows } = await pool.query<{ format: 'oxford' | 'free' }>(`SELECT format FROM ${tables.DEBATES} WHERE debate_id = $1`, [id]);
  return rows[0]?.format ?? null;
}

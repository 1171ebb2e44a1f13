// A page of a debate's timeline. offsetMs is computed here from the timeline's origin row
// (DebateStarted, or the first event while not started), so stored rows never need rewriting.
// The line of a hidden message reads without its text unless the reader moderates the debate.
import { tables } from '@booktalk/projector';
import type pg from 'pg';
import type { z } from 'zod';
import type { TimelineItem, TimelineQuery } from '../http/schemas.ts';

interface Row {
  position: string;
  type: string;
  at: Date;
  actor_id: string;
  summary: string;
  line_values: Record<string, string | number>;
  hidden: boolean;
  offset_ms: string;
}

/** `seesHidden`: the reader is the debate's host, one of its moderators or a site admin. */
export async function timelinePage(pool: pg.Pool, debateId: string, q: z.infer<typeof TimelineQuery>, seesHidden: boolean) {
  const { rows } = await pool.query<Row>(
    `SELECT t.position, t.type, t.at, t.actor_id, t.hidden,
            CASE WHEN t.hidden AND NOT $4 THEN t.hidden_summary ELSE t.summary END AS summary,
            CASE WHEN t.hidden AND NOT $4 THEN t.hidden_values ELSE t.line_values END AS line_values,
            round(extract(epoch FROM t.at - coalesce(o.started_at, o.first_at)) * 1000)::bigint AS offset_ms
       FROM ${tables.TIMELINE} t JOIN ${tables.TIMELINE_DEBATES} o USING (debate_id)
      WHERE t.debate_id = $1 AND t.position > $2
      ORDER BY t.position LIMIT $3`,
    [debateId, q.after ?? '0', q.limit + 1, seesHidden],
  );
  const page = rows.slice(0, q.limit);
  const items: z.infer<typeof TimelineItem>[] = page.map((r) => ({
    position: r.position,
    type: r.type,
    at: r.at.toISOString(),
    offsetMs: Number(r.offset_ms),
    actorId: r.actor_id,
    summary: r.summary,
    values: r.line_values ?? {},
    ...(r.hidden ? { hidden: true } : {}),
  }));
  return { items, next: rows.length > q.limit ? page.at(-1)!.position : null };
}

// The moderation audit: filtered, newest first, paged by position; and the same rows as CSV.
import { tables } from '@booktalk/projector';
import type pg from 'pg';
import type { z } from 'zod';
import type { AuditItem, AuditQuery } from '../http/schemas.ts';
import { csvCell } from './csvCell.ts';

export { csvCell } from './csvCell.ts';

type Filters = Omit<z.infer<typeof AuditQuery>, 'limit' | 'cursor'>;
type Item = z.infer<typeof AuditItem>;

interface Row {
  position: string;
  at: Date;
  debate_id: string;
  moderator_id: string;
  action: Item['action'];
  target_id: string | null;
  reason: string;
}

export async function auditPage(pool: pg.Pool, filters: Filters, cursor: string | undefined, limit: number) {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  if (filters.debateId) where.push(`debate_id = ${param(filters.debateId)}`);
  if (filters.moderatorId) where.push(`moderator_id = ${param(filters.moderatorId)}`);
  if (filters.action) where.push(`action = ${param(filters.action)}`);
  if (filters.from) where.push(`at >= ${param(filters.from)}`);
  if (filters.to) where.push(`at < ${param(filters.to)}`);
  if (cursor) where.push(`position < ${param(cursor)}`);
  const { rows } = await pool.query<Row>(
    `SELECT position, at, debate_id, moderator_id, action, target_id, reason FROM ${tables.MODERATION_AUDIT}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY position DESC LIMIT ${param(limit + 1)}`,
    values,
  );
  const page = rows.slice(0, limit);
  const items: Item[] = page.map((r) => ({
    position: r.position,
    at: r.at.toISOString(),
    debateId: r.debate_id,
    moderatorId: r.moderator_id,
    action: r.action,
    targetId: r.target_id,
    reason: r.reason,
  }));
  return { items, next: rows.length > limit ? page.at(-1)!.position : null };
}

const CSV_COLUMNS = ['at', 'debateId', 'moderatorId', 'action', 'targetId', 'reason'] as const;

export const csvHeader = `${CSV_COLUMNS.join(',')}\r\n`;
export const csvLine = (item: Item) => `${CSV_COLUMNS.map((c) => csvCell(item[c])).join(',')}\r\n`;

/** Every matching row, page by page, so a large export never sits in memory at once. */
export async function* auditRows(pool: pg.Pool, filters: Filters, pageSize = 1000): AsyncGenerator<Item> {
  let cursor: string | undefined;
  do {
    const page = await auditPage(pool, filters, cursor, pageSize);
    yield* page.items;
    cursor = page.next ?? undefined;
  } while (cursor);
}

// The lobby row of a debate, derived from its folded state.
import type { DebateState } from '@booktalk/contracts';
import type pg from 'pg';
import type { ProjectedEvent } from '../../events.ts';
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, writeRows } from '../../sql.ts';

export interface LobbyRow {
  debate_id: string;
  title: string;
  book_title: string | null;
  book_author: string | null;
  motion: string;
  format: string;
  status: string;
  host_id: string;
  participants: number;
  speakers: number;
  audience: number;
  /** Only known in the batch holding DebateScheduled; null keeps the stored value. */
  created_at: string | null;
  created_position: bigint | null;
  start_at: string | null;
  opened_at: string | null;
  started_at: string | null;
  ended_at: string | null;
  last_event_at: string;
  position: bigint;
}

export function lobbyRow(s: DebateState, last: ProjectedEvent, scheduled: ProjectedEvent | undefined): LobbyRow {
  const people = Object.values(s.participants);
  return {
    debate_id: s.debateId,
    title: s.title,
    book_title: s.book?.title ?? null,
    book_author: s.book?.author ?? null,
    motion: s.motion,
    format: s.format,
    status: s.status,
    host_id: s.hostId,
    participants: people.length,
    speakers: people.filter((p) => p.role === 'speaker').length,
    audience: people.filter((p) => p.role === 'audience').length,
    created_at: scheduled?.at ?? null,
    created_position: scheduled?.position ?? null,
    start_at: s.startAt,
    opened_at: s.openedAt,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    last_event_at: last.at,
    position: last.position,
  };
}

const lobbySpec: TableSpec<LobbyRow> = {
  table: `${READ_SCHEMA}.debates`,
  key: ['debate_id'],
  columns: {
    debate_id: 'text',
    title: 'text',
    book_title: 'text',
    book_author: 'text',
    motion: 'text',
    format: 'text',
    status: 'text',
    host_id: 'text',
    participants: 'integer',
    speakers: 'integer',
    audience: 'integer',
    created_at: 'timestamptz',
    created_position: 'bigint',
    start_at: 'timestamptz',
    opened_at: 'timestamptz',
    started_at: 'timestamptz',
    ended_at: 'timestamptz',
    last_event_at: 'timestamptz',
    position: 'bigint',
  },
};

/** Upsert in one statement; creation fields keep their stored value once set. */
export async function writeLobby(db: pg.ClientBase, rows: readonly LobbyRow[]): Promise<void> {
  await writeRows(db, lobbySpec, rows, 'replace', { keepStored: ['created_at', 'created_position'] });
}

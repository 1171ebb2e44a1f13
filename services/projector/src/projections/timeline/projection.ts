// timeline: every debate event with its instant, actor and a readable summary. Offsets are not
// stored: the query computes them from timeline_debates (origin = DebateStarted, or the first
// event while the debate has not started), so rows never need rewriting when the debate starts.
// timeline_names keeps display names, so summaries can name people who have since left;
// timeline_motion_votes keeps the options and sides of votes on the motion, so a close reads by side.
//
// Hidden messages: a MessagePosted row keeps its message id and, beside its summary ("Emma asked:
// …"), the line everyone but the debate's moderators reads once the message is hidden ("Emma's
// question, hidden by a moderator"). A MessageHidden marks the earlier row hidden (in the batch, or
// by one UPDATE of the stored row). Why both lines are projected instead of rewriting the summary
// in place or computing it at read time: moderators still read the original, marked hidden; and
// a read stays one indexed scan, with no event or name lookup per row (the names are those the
// timeline knew when the message was posted, as on every other line).
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, keyOf, loadRows, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';
import { byDebate } from '../../events.ts';
import { type MotionVote, summarise } from './summary.ts';
import { hiddenSummary } from './hiddenSummary.ts';
import { type LineValues, lineValues } from './values.ts';

export const TIMELINE = `${READ_SCHEMA}.timeline`;
export const TIMELINE_DEBATES = `${READ_SCHEMA}.timeline_debates`;
export const TIMELINE_NAMES = `${READ_SCHEMA}.timeline_names`;
export const TIMELINE_MOTION_VOTES = `${READ_SCHEMA}.timeline_motion_votes`;

interface TimelineRow {
  position: bigint;
  debate_id: string;
  type: string;
  at: string;
  actor_id: string;
  summary: string;
  /** The line's fields with names resolved, for pages that word it in the reader's language (values.ts). */
  line_values: LineValues;
  /** MessagePosted rows: the message, what others read once it is hidden, and whether it is. */
  message_id: string | null;
  hidden_summary: string | null;
  hidden_values: LineValues | null;
  hidden: boolean;
}
interface OriginRow {
  debate_id: string;
  first_at: string;
  started_at: string | null;
}
interface NameRow {
  debate_id: string;
  account_id: string;
  display_name: string;
}
interface MotionVoteRow extends MotionVote {
  debate_id: string;
  vote_id: string;
}

const timelineSpec: TableSpec<TimelineRow> = {
  table: TIMELINE,
  key: ['debate_id', 'position'],
  columns: {
    debate_id: 'text',
    position: 'bigint',
    type: 'text',
    at: 'timestamptz',
    actor_id: 'text',
    summary: 'text',
    line_values: 'jsonb',
    message_id: 'text',
    hidden_summary: 'text',
    hidden_values: 'jsonb',
    hidden: 'boolean',
  },
};
const originSpec: TableSpec<OriginRow> = {
  table: TIMELINE_DEBATES,
  key: ['debate_id'],
  columns: { debate_id: 'text', first_at: 'timestamptz', started_at: 'timestamptz' },
};
const nameSpec: TableSpec<NameRow> = {
  table: TIMELINE_NAMES,
  key: ['debate_id', 'account_id'],
  columns: { debate_id: 'text', account_id: 'text', display_name: 'text' },
};
const motionVoteSpec: TableSpec<MotionVoteRow> = {
  table: TIMELINE_MOTION_VOTES,
  key: ['debate_id', 'vote_id'],
  columns: { debate_id: 'text', vote_id: 'text', options: 'jsonb', sides: 'jsonb' },
};

export const timelineProjection: Projection = {
  name: 'timeline',
  // 2: votes on the motion list each option's side when opened and their tallies by side when closed.
  // 3: hidden messages (message_id, hidden_summary, hidden).
  // 4: line_values / hidden_values, so pages word each line in the reader's language.
  version: 4,
  tables: [TIMELINE, TIMELINE_DEBATES, TIMELINE_NAMES, TIMELINE_MOTION_VOTES],
  ddl: `
    CREATE TABLE IF NOT EXISTS ${TIMELINE} (
      debate_id text NOT NULL,
      position  bigint NOT NULL,
      type      text NOT NULL,
      at        timestamptz NOT NULL,
      actor_id  text NOT NULL,
      summary   text NOT NULL,
      line_values jsonb NOT NULL DEFAULT '{}',
      message_id     text,
      hidden_summary text,
      hidden_values  jsonb,
      hidden         boolean NOT NULL DEFAULT false,
      -- One index serves both uniqueness (positions are global) and the per-debate page scan.
      PRIMARY KEY (debate_id, position)
    );
    -- The posted row of a message a MessageHidden names.
    CREATE INDEX IF NOT EXISTS timeline_message ON ${TIMELINE} (debate_id, message_id) WHERE message_id IS NOT NULL;
    CREATE TABLE IF NOT EXISTS ${TIMELINE_DEBATES} (
      debate_id  text PRIMARY KEY,
      first_at   timestamptz NOT NULL,
      started_at timestamptz
    );
    CREATE TABLE IF NOT EXISTS ${TIMELINE_NAMES} (
      debate_id    text NOT NULL,
      account_id   text NOT NULL,
      display_name text NOT NULL,
      PRIMARY KEY (debate_id, account_id)
    );
    CREATE TABLE IF NOT EXISTS ${TIMELINE_MOTION_VOTES} (
      debate_id text NOT NULL,
      vote_id   text NOT NULL,
      options   jsonb NOT NULL,
      sides     jsonb NOT NULL,
      PRIMARY KEY (debate_id, vote_id)
    );`,

  async apply(db, events) {
    const groups = byDebate(events);
    const ids = [...groups.keys()];
    const [storedOrigins, storedNames, storedMotionVotes] = await Promise.all([
      loadRows(db, originSpec, ids.map((debate_id) => ({ debate_id }))),
      db.query<NameRow>(`SELECT debate_id, account_id, display_name FROM ${TIMELINE_NAMES} WHERE debate_id = ANY($1)`, [ids]),
      db.query<MotionVoteRow>(`SELECT debate_id, vote_id, options, sides FROM ${TIMELINE_MOTION_VOTES} WHERE debate_id = ANY($1)`, [ids]),
    ]);
    const origins = new Map(storedOrigins.map((o) => [o.debate_id, o]));
    const names = new Map(storedNames.rows.map((n) => [keyOf(n.debate_id, n.account_id), n.display_name]));
    const newNames = new Map<string, NameRow>();
    const motionVotes = new Map(storedMotionVotes.rows.map((v) => [keyOf(v.debate_id, v.vote_id), v]));
    const newMotionVotes: MotionVoteRow[] = [];
    const changedOrigins: OriginRow[] = [];
    const rows: TimelineRow[] = [];
    /** This batch's posted rows by debate and message id, and the hides of messages posted earlier. */
    const posted = new Map<string, TimelineRow>();
    const hiddenEarlier: { debate_id: string; message_id: string }[] = [];
    for (const [debateId, list] of groups) {
      const before = origins.get(debateId);
      const origin: OriginRow = before ? { ...before } : { debate_id: debateId, first_at: list[0]!.at, started_at: null };
      const name = (id: string | null) => (id === null ? 'nobody' : (names.get(keyOf(debateId, id)) ?? id));
      for (const e of list) {
        const named =
          e.event.type === 'ParticipantJoined'
            ? { accountId: e.event.data.accountId, displayName: e.event.data.displayName }
            : e.event.type === 'DebateScheduled'
              ? { accountId: e.event.data.hostId, displayName: e.event.data.hostName }
              : null;
        if (named) {
          const row = { debate_id: debateId, account_id: named.accountId, display_name: named.displayName };
          names.set(keyOf(debateId, row.account_id), row.display_name);
          newNames.set(keyOf(debateId, row.account_id), row);
        }
        if (e.event.type === 'VoteOpened' && e.event.data.sides) {
          const row = { debate_id: debateId, vote_id: e.event.data.voteId, options: e.event.data.options, sides: e.event.data.sides };
          motionVotes.set(keyOf(debateId, row.vote_id), row);
          newMotionVotes.push(row);
        }
        if (e.event.type === 'DebateStarted' && origin.started_at === null) origin.started_at = e.at;
        const motionVote = (voteId: string) => motionVotes.get(keyOf(debateId, voteId));
        const row: TimelineRow = {
          position: e.position,
          debate_id: debateId,
          type: e.event.type,
          at: e.at,
          actor_id: e.actorId,
          summary: summarise(e.event, name, motionVote),
          line_values: lineValues(e.event, name),
          message_id: null,
          hidden_summary: null,
          hidden_values: null,
          hidden: false,
        };
        if (e.event.type === 'MessagePosted') {
          row.message_id = e.event.data.messageId;
          row.hidden_summary = hiddenSummary(e.event, name);
          row.hidden_values = lineValues(e.event, name, { withText: false });
          posted.set(keyOf(debateId, row.message_id), row);
        } else if (e.event.type === 'MessageHidden') {
          const earlier = posted.get(keyOf(debateId, e.event.data.messageId));
          if (earlier) earlier.hidden = true;
          else hiddenEarlier.push({ debate_id: debateId, message_id: e.event.data.messageId });
        }
        rows.push(row);
      }
      if (!before || before.started_at !== origin.started_at) changedOrigins.push(origin);
    }
    await writeRows(db, timelineSpec, rows, 'append');
    if (hiddenEarlier.length > 0) {
      await db.query(
        `UPDATE ${TIMELINE} t SET hidden = true
           FROM unnest($1::text[], $2::text[]) AS h(debate_id, message_id)
          WHERE t.debate_id = h.debate_id AND t.message_id = h.message_id AND t.type = 'MessagePosted'`,
        [hiddenEarlier.map((h) => h.debate_id), hiddenEarlier.map((h) => h.message_id)],
      );
    }
    await writeRows(db, originSpec, changedOrigins, 'replace');
    await writeRows(db, nameSpec, [...newNames.values()], 'replace');
    await writeRows(db, motionVoteSpec, newMotionVotes, 'replace');
  },
};

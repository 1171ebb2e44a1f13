// vote_results: one row per vote with its live tallies and ballot count. The Oxford swing and
// winner are computed by the query service from the pre and post rows (pure arithmetic on two
// rows). VoteClosed carries the decider's final tallies; they replace ours, being authoritative.
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, keyOf, loadRows, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';

export const VOTE_RESULTS = `${READ_SCHEMA}.vote_results`;

interface VoteRow {
  debate_id: string;
  vote_id: string;
  question: string;
  kind: string;
  options: string[];
  tallies: Record<string, number>;
  ballots: number;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
}

const spec: TableSpec<VoteRow> = {
  table: VOTE_RESULTS,
  key: ['debate_id', 'vote_id'],
  columns: {
    debate_id: 'text',
    vote_id: 'text',
    question: 'text',
    kind: 'text',
    options: 'jsonb',
    tallies: 'jsonb',
    ballots: 'integer',
    status: 'text',
    opened_at: 'timestamptz',
    closed_at: 'timestamptz',
  },
};

const voteEvents = new Set(['VoteOpened', 'VoteCast', 'VoteChanged', 'VoteClosed']);

export const voteResultsProjection: Projection = {
  name: 'vote_results',
  version: 1,
  tables: [VOTE_RESULTS],
  ddl: `
    CREATE TABLE IF NOT EXISTS ${VOTE_RESULTS} (
      debate_id text NOT NULL,
      vote_id   text NOT NULL,
      question  text NOT NULL,
      kind      text NOT NULL,
      options   jsonb NOT NULL,
      tallies   jsonb NOT NULL,
      ballots   integer NOT NULL,
      status    text NOT NULL,
      opened_at timestamptz NOT NULL,
      closed_at timestamptz,
      PRIMARY KEY (debate_id, vote_id)
    );`,

  async apply(db, events) {
    const relevant = events.filter((e) => voteEvents.has(e.event.type));
    if (relevant.length === 0) return;
    const keys = new Map<string, { debate_id: string; vote_id: string }>();
    for (const { debateId, event: e } of relevant) {
      if (e.type !== 'VoteOpened' && 'voteId' in e.data) keys.set(keyOf(debateId, e.data.voteId), { debate_id: debateId, vote_id: e.data.voteId });
    }
    const votes = new Map((await loadRows(db, spec, [...keys.values()])).map((v) => [keyOf(v.debate_id, v.vote_id), v]));
    const dirty = new Set<string>();
    const bump = (tallies: Record<string, number>, option: string, by: number) => ({ ...tallies, [option]: (tallies[option] ?? 0) + by });
    for (const { debateId, event: e } of relevant) {
      if (e.type === 'VoteOpened') {
        const d = e.data;
        const k = keyOf(debateId, d.voteId);
        votes.set(k, {
          debate_id: debateId,
          vote_id: d.voteId,
          question: d.question,
          kind: d.kind,
          options: d.options,
          tallies: Object.fromEntries(d.options.map((o) => [o, 0])),
          ballots: 0,
          status: 'open',
          opened_at: d.at,
          closed_at: null,
        });
        dirty.add(k);
        continue;
      }
      if (e.type !== 'VoteCast' && e.type !== 'VoteChanged' && e.type !== 'VoteClosed') continue;
      const k = keyOf(debateId, e.data.voteId);
      const v = votes.get(k);
      if (!v) continue;
      if (e.type === 'VoteCast') votes.set(k, { ...v, ballots: v.ballots + 1, tallies: bump(v.tallies, e.data.option, 1) });
      else if (e.type === 'VoteChanged') votes.set(k, { ...v, tallies: bump(bump(v.tallies, e.data.from, -1), e.data.to, 1) });
      else votes.set(k, { ...v, status: 'closed', closed_at: e.data.at, tallies: { ...e.data.tallies } });
      dirty.add(k);
    }
    await writeRows(db, spec, [...dirty].map((k) => votes.get(k)!), 'replace');
  },
};

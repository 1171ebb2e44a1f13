// vote_results: one row per vote with its live tallies and ballot count. The Oxford swing and
// winner are computed by the query service from the pre and post rows (pure arithmetic on two
// rows). The fold is pure (fold.ts); here: load the votes it builds on, fold, upsert what changed.
import { READ_SCHEMA } from '../../names.ts';
import { type TableSpec, loadRows, writeRows } from '../../sql.ts';
import type { Projection } from '../../runner/projection.ts';
import { foldRows, storedKeys } from '../rows.ts';
import { type VoteRow, votes } from './fold.ts';

export const VOTE_RESULTS = `${READ_SCHEMA}.vote_results`;

const spec: TableSpec<VoteRow> = {
  table: VOTE_RESULTS,
  key: votes.key,
  columns: {
    debate_id: 'text',
    vote_id: 'text',
    question: 'text',
    kind: 'text',
    options: 'jsonb',
    sides: 'jsonb',
    tallies: 'jsonb',
    ballots: 'integer',
    status: 'text',
    opened_at: 'timestamptz',
    closed_at: 'timestamptz',
  },
};

export const voteResultsProjection: Projection = {
  name: 'vote_results',
  // 2: each option's declared side (`sides`), which analytics counts by instead of the labels.
  version: 2,
  tables: [VOTE_RESULTS],
  ddl: `
    CREATE TABLE IF NOT EXISTS ${VOTE_RESULTS} (
      debate_id text NOT NULL,
      vote_id   text NOT NULL,
      question  text NOT NULL,
      kind      text NOT NULL,
      options   jsonb NOT NULL,
      sides     jsonb,
      tallies   jsonb NOT NULL,
      ballots   integer NOT NULL,
      status    text NOT NULL,
      opened_at timestamptz NOT NULL,
      closed_at timestamptz,
      PRIMARY KEY (debate_id, vote_id)
    );`,

  eventTypes: new Set(['VoteOpened', 'VoteCast', 'VoteChanged', 'VoteClosed']),
  async apply(db, events) {
    const stored = await loadRows(db, spec, storedKeys(votes, events));
    await writeRows(db, spec, foldRows(votes, stored, events), 'replace');
  },
};

// The vote_results fold, events in → rows out.
import type { DebateEvent } from '@booktalk/contracts';
import { describe, it } from 'vitest';
import { type VoteRow, votes } from '../../src/projections/voteResults/fold.ts';
import { at } from '../support/oxfordDebate.ts';
import { inDebate, projectionSpec } from '../support/projectionSpec.ts';

const spec = projectionSpec({ votes });

const opened: DebateEvent = { type: 'VoteOpened', data: { voteId: 'pre', question: 'The motion?', options: ['for', 'against'], sides: ['pro', 'con'], kind: 'pre', openedBy: 'host', at: at(10) } };
const cast = (accountId: string, option: string, sec = 11): DebateEvent => ({ type: 'VoteCast', data: { voteId: 'pre', accountId, option, at: at(sec) } });
const openRow: VoteRow = {
  debate_id: 'd1', vote_id: 'pre', question: 'The motion?', kind: 'pre', options: ['for', 'against'], sides: ['pro', 'con'],
  tallies: { for: 0, against: 0 }, ballots: 0, status: 'open', opened_at: at(10), closed_at: null,
};

describe('vote_results fold', () => {
  it('opens a vote with every option at zero', () => {
    spec.given().when(opened).then({ votes: [openRow] });
  });

  it('counts each cast ballot', () => {
    spec.given(opened).when(cast('carol', 'for'), cast('dave', 'for'), cast('erin', 'against')).then({ votes: [{ ...openRow, tallies: { for: 2, against: 1 }, ballots: 3 }] });
  });

  it('moves a changed ballot from one option to the other without counting a new ballot', () => {
    spec
      .given(opened, cast('carol', 'for'))
      .when({ type: 'VoteChanged', data: { voteId: 'pre', accountId: 'carol', from: 'for', to: 'against', at: at(12) } })
      .then({ votes: [{ ...openRow, tallies: { for: 0, against: 1 }, ballots: 1 }] });
  });

  it('takes the final tallies from VoteClosed, which are authoritative', () => {
    spec
      .given(opened, cast('carol', 'for'))
      .when({ type: 'VoteClosed', data: { voteId: 'pre', closedBy: 'host', tallies: { for: 1, against: 4 }, at: at(20) } })
      .then({ votes: [{ ...openRow, tallies: { for: 1, against: 4 }, ballots: 1, status: 'closed', closed_at: at(20) }] });
  });

  it('ignores ballots for a vote it never saw opened', () => {
    spec.given().when(cast('carol', 'for')).then({ votes: [] });
  });

  it('keeps votes with the same id in different debates apart', () => {
    spec.given(opened).when(inDebate('d2', opened), inDebate('d2', cast('carol', 'for'))).then({ votes: [openRow, { ...openRow, debate_id: 'd2', tallies: { for: 1, against: 0 }, ballots: 1 }] });
  });
});

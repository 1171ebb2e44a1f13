// Each projection given a known debate → the exact rows it must hold.
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, appendRecords, asRecords, committedHead, openTestDb, projectToHead } from './support/db.ts';
import { at, oxfordDebate } from './support/oxfordDebate.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

describe.skipIf(!server)('projections given a scripted oxford debate', () => {
  let db: TestDb;
  const q = async (sql: string) => (await db.pool.query(sql)).rows;

  beforeAll(async () => {
    db = await openTestDb('projections');
    await appendRecords(db.store, asRecords('ox1', oxfordDebate));
    // Small batches so debates span several transactions (merges across batches are exercised).
    await projectToHead(db, { batchSize: 7 });
  });
  afterAll(async () => db?.close());

  it('debate_state holds the folded state; debates the lobby row', async () => {
    const [state] = await q(`SELECT debate_id, position, version, state FROM readmodels.debate_state`);
    expect(state.debate_id).toBe('ox1');
    expect(state.version).toBe(oxfordDebate.length - 1);
    expect(state.state.status).toBe('ended');
    expect(state.state.locked).toBe(true);
    expect(state.state.participants.carol.muted).toBe(true);
    const [lobby] = await q(`SELECT * FROM readmodels.debates`);
    expect(lobby).toMatchObject({
      debate_id: 'ox1', title: 'Is Dorothea a fool?', book_title: 'Middlemarch', book_author: 'George Eliot', format: 'oxford',
      status: 'ended', host_id: 'host', participants: 7, speakers: 2, audience: 4, created_position: '1',
    });
    expect(lobby.created_at.toISOString()).toBe(at(0));
    expect(lobby.started_at.toISOString()).toBe(at(30));
    expect(lobby.ended_at.toISOString()).toBe(at(500));
  });

  it('timeline has every event with a summary, and its origin', async () => {
    const rows = await q(`SELECT position, type, actor_id, summary FROM readmodels.timeline ORDER BY position`);
    expect(rows).toHaveLength(oxfordDebate.length);
    expect(rows.map((r) => r.type)).toEqual(oxfordDebate.map((e) => e.type));
    const summaries = rows.map((r) => r.summary);
    expect(summaries).toContain('Alice joined as speaker (pro)');
    expect(summaries).toContain('Bob was stopped by Host after 90 s, 15 s over');
    expect(summaries).toContain('Host muted Carol (noise)');
    const [origin] = await q(`SELECT first_at, started_at FROM readmodels.timeline_debates`);
    expect(origin.first_at.toISOString()).toBe(at(0));
    expect(origin.started_at.toISOString()).toBe(at(30));
  });

  it('moderation_audit has moderation actions and the moderator-ended turn', async () => {
    const rows = await q(`SELECT action, moderator_id, target_id, reason, at FROM readmodels.moderation_audit ORDER BY position`);
    expect(rows.map((r) => [r.action, r.moderator_id, r.target_id, r.reason, r.at.toISOString()])).toEqual([
      ['TurnEnded', 'host', 'bob', '', at(410)],
      ['ParticipantMuted', 'host', 'carol', 'noise', at(420)],
      ['RoomLocked', 'host', null, 'full', at(421)],
    ]);
  });

  it('speaking_turns has each turn with floor time and overtime', async () => {
    const rows = await q(`SELECT turn_no, account_id, side, kind, duration_ms, spoke_ms, overtime_ms, end_reason FROM readmodels.speaking_turns ORDER BY turn_no`);
    expect(rows).toEqual([
      { turn_no: 1, account_id: 'alice', side: 'pro', kind: 'presentation', duration_ms: '120000', spoke_ms: '100000', overtime_ms: '0', end_reason: 'yielded' },
      { turn_no: 2, account_id: 'bob', side: 'con', kind: 'presentation', duration_ms: '120000', spoke_ms: '120000', overtime_ms: '0', end_reason: 'expired' },
      { turn_no: 3, account_id: 'alice', side: 'pro', kind: 'open', duration_ms: '60000', spoke_ms: '40000', overtime_ms: '0', end_reason: 'yielded' },
      { turn_no: 4, account_id: 'bob', side: 'con', kind: 'open', duration_ms: '75000', spoke_ms: '90000', overtime_ms: '15000', end_reason: 'moderator' },
    ]);
    const people = await q(`SELECT account_id, display_name, side, role FROM readmodels.speaking_participants ORDER BY account_id`);
    expect(people.filter((p) => p.role === 'speaker')).toEqual([
      { account_id: 'alice', display_name: 'Alice', side: 'pro', role: 'speaker' },
      { account_id: 'bob', display_name: 'Bob', side: 'con', role: 'speaker' },
    ]);
  });

  it('vote_results has tallies and ballots per vote', async () => {
    const rows = await q(`SELECT vote_id, kind, tallies, ballots, status FROM readmodels.vote_results ORDER BY vote_id`);
    expect(rows).toEqual([
      { vote_id: 'post', kind: 'post', tallies: { for: 1, against: 3, undecided: 0 }, ballots: 4, status: 'closed' },
      { vote_id: 'pre', kind: 'pre', tallies: { for: 2, against: 2, undecided: 0 }, ballots: 4, status: 'closed' },
    ]);
  });

  it('voice_quality counts the lifecycle; voice_links keeps connect times', async () => {
    const [v] = await q(`SELECT * FROM readmodels.voice_quality`);
    expect(v).toEqual({ debate_id: 'ox1', joins: 2, leaves: 0, links_established: 3, link_failures: 1, rejoin_attempts: 1, rejoins_abandoned: 0 });
    const links = await q(`SELECT connect_ms, candidate_type FROM readmodels.voice_links ORDER BY position`);
    expect(links).toEqual([
      { connect_ms: 300, candidate_type: 'host' },
      { connect_ms: 900, candidate_type: 'relay' },
      { connect_ms: 500, candidate_type: 'srflx' },
    ]);
  });

  it('checkpoints all reached the head', async () => {
    const head = (await committedHead(db.pool)).toString();
    const rows = await q(`SELECT position FROM readmodels.checkpoints`);
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.position).toBe(head);
  });
});

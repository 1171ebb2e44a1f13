// Requests to speak, invitations and floor control in the read models: the moderation audit
// lists the invitation, its answer (under the inviting moderator), the dismissal and the floor
// control changes; the timeline words each; the room state carries the setting.
import type { DebateEvent } from '@booktalk/contracts';
import { postgresForTests, requireService } from '@booktalk/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, appendRecords, asRecords, openTestDb, projectToHead } from './support/db.ts';
import { at } from './support/oxfordDebate.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

const mod = (sec: number, targetId: string | null, reason = '') => ({ moderatorId: 'host', targetId, reason, at: at(sec) });
const joined = (accountId: string, role: 'moderator' | 'speaker' | 'audience', side: 'pro' | 'con' | null = null): DebateEvent => ({
  type: 'ParticipantJoined',
  data: { accountId, displayName: accountId[0]!.toUpperCase() + accountId.slice(1), role, side, at: at(2) },
});
const debate: DebateEvent[] = [
  {
    type: 'DebateScheduled',
    data: {
      debateId: 'sp1', hostId: 'host', hostName: 'Host', title: 'Asking to speak', book: { title: 'Middlemarch', author: 'George Eliot' },
      motion: 'This house believes Dorothea chose wisely', format: 'oxford', maxMembers: 50, startAt: null, turnMs: 60_000, presentationMs: 60_000, floorControl: true, at: at(0),
    },
  },
  { type: 'DebateOpened', data: { by: 'host', at: at(1) } },
  joined('host', 'moderator'),
  joined('alice', 'speaker', 'pro'),
  joined('carol', 'audience'),
  joined('dave', 'audience'),
  { type: 'TurnRequested', data: { accountId: 'carol', side: null, at: at(10) } },
  { type: 'TurnRequested', data: { accountId: 'dave', side: null, at: at(11) } },
  { type: 'SpeakerInvited', data: { ...mod(12, 'carol', 'good question'), side: 'con' } },
  { type: 'SpeakRequestDismissed', data: mod(13, 'dave', 'later') },
  { type: 'InvitationAccepted', data: { accountId: 'carol', invitedBy: 'host', side: 'con', at: at(20) } },
  { type: 'SpeakerPromoted', data: { ...mod(20, 'carol', 'good question'), side: 'con' } },
  { type: 'SpeakerInvited', data: { ...mod(21, 'dave'), side: 'pro' } },
  { type: 'InvitationDeclined', data: { accountId: 'dave', invitedBy: 'host', at: at(22) } },
  { type: 'FloorControlChanged', data: { ...mod(30, null, 'Q&A'), floorControl: false } },
];

describe.skipIf(!server)('projections given requests to speak, invitations and floor control', () => {
  let db: TestDb;
  const q = async (sql: string) => (await db.pool.query(sql)).rows;

  beforeAll(async () => {
    db = await openTestDb('speaking');
    await appendRecords(db.store, asRecords('sp1', debate));
    await projectToHead(db, { batchSize: 5 });
  });
  afterAll(async () => db?.close());

  it('moderation_audit lists invitations, their answers under the inviter, dismissals and floor control', async () => {
    const rows = await q(`SELECT action, moderator_id, target_id, reason, at FROM readmodels.moderation_audit WHERE debate_id = 'sp1' ORDER BY position`);
    expect(rows.map((r) => [r.action, r.moderator_id, r.target_id, r.reason, r.at.toISOString()])).toEqual([
      ['SpeakerInvited', 'host', 'carol', 'good question', at(12)],
      ['SpeakRequestDismissed', 'host', 'dave', 'later', at(13)],
      ['InvitationAccepted', 'host', 'carol', '', at(20)],
      ['SpeakerPromoted', 'host', 'carol', 'good question', at(20)],
      ['SpeakerInvited', 'host', 'dave', '', at(21)],
      ['InvitationDeclined', 'host', 'dave', '', at(22)],
      ['FloorControlChanged', 'host', null, 'Q&A', at(30)],
    ]);
  });

  it('the timeline words each step', async () => {
    const rows = await q(`SELECT summary FROM readmodels.timeline WHERE debate_id = 'sp1' ORDER BY position`);
    expect(rows.map((r) => r.summary).slice(6)).toEqual([
      'Carol raised a hand',
      'Dave raised a hand',
      'Host invited Carol to speak (con) (good question)',
      "Host dismissed Dave's request to speak (later)",
      'Carol accepted the invitation to speak (con)',
      'Host made Carol a speaker (con) (good question)',
      'Host invited Dave to speak (pro)',
      'Dave declined the invitation to speak',
      'Host turned floor control off: every speaker is heard (Q&A)',
    ]);
  });

  it('debate_state holds the setting, the new speaker and no pending invitation', async () => {
    const [row] = await q(`SELECT state FROM readmodels.debate_state WHERE debate_id = 'sp1'`);
    expect(row.state.floorControl).toBe(false);
    expect(row.state.invitations).toEqual({});
    expect(row.state.participants.carol).toMatchObject({ role: 'speaker', side: 'con' });
    expect(row.state.queue).toEqual([]);
  });
});

// The speaking_time fold, events in → rows out.
import type { DebateEvent } from '@booktalk/contracts';
import { describe, it } from 'vitest';
import { type TurnRow, participants, turns } from '../../src/projections/speakingTime/fold.ts';
import { at } from '../support/oxfordDebate.ts';
import { inDebate, projectionSpec } from '../support/projectionSpec.ts';

const spec = projectionSpec({ turns, people: participants });

const joined = (accountId: string, role: 'speaker' | 'audience', side: 'pro' | 'con' | null = null): DebateEvent => ({
  type: 'ParticipantJoined',
  data: { accountId, displayName: accountId.toUpperCase(), role, side, at: at(1) },
});
const granted = (turnNo: number, speaker: string): DebateEvent => ({
  type: 'TurnGranted',
  data: { turnNo, speaker, side: 'pro', kind: 'open', durationMs: 60_000, grantedBy: 'host', startedAt: at(10), endsAt: at(70) },
});
const openTurn: TurnRow = { debate_id: 'd1', turn_no: 1, account_id: 'alice', side: 'pro', kind: 'open', granted_at: at(10), duration_ms: 60_000, ended_at: null, spoke_ms: null, overtime_ms: null, end_reason: null };
const alice = { debate_id: 'd1', account_id: 'alice', display_name: 'ALICE', side: 'pro', role: 'speaker' };

describe('speaking_time fold', () => {
  it('records a participant when they join, whatever their role', () => {
    spec.given().when(joined('alice', 'speaker', 'pro'), joined('carol', 'audience')).then({
      turns: [],
      people: [alice, { debate_id: 'd1', account_id: 'carol', display_name: 'CAROL', side: null, role: 'audience' }],
    });
  });

  it('opens a turn row when the floor is granted', () => {
    spec.given(joined('alice', 'speaker', 'pro')).when(granted(1, 'alice')).then({ turns: [openTurn], people: [alice] });
  });

  it('adds an extension to the granted duration', () => {
    spec
      .given(joined('alice', 'speaker', 'pro'), granted(1, 'alice'))
      .when({ type: 'TurnExtended', data: { turnNo: 1, speaker: 'alice', byMs: 15_000, endsAt: at(85), extendedBy: 'host', at: at(50) } })
      .then({ turns: [{ ...openTurn, duration_ms: 75_000 }], people: [alice] });
  });

  it('closes the turn with the floor time, overtime and reason the TurnEnded event measured', () => {
    spec
      .given(joined('alice', 'speaker', 'pro'), granted(1, 'alice'))
      .when({ type: 'TurnEnded', data: { turnNo: 1, speaker: 'alice', reason: 'moderator', endedBy: 'host', spokeMs: 65_000, overtimeMs: 5_000, at: at(75) } })
      .then({ turns: [{ ...openTurn, ended_at: at(75), spoke_ms: 65_000, overtime_ms: 5_000, end_reason: 'moderator' }], people: [alice] });
  });

  it('follows role changes: promoted with a side, demoted, made moderator', () => {
    const mod = (targetId: string) => ({ moderatorId: 'host', targetId, reason: '', at: at(5) });
    spec
      .given(joined('carol', 'audience'), joined('dave', 'audience'))
      .when(
        { type: 'SpeakerPromoted', data: { ...mod('carol'), side: 'con' } },
        { type: 'SpeakerPromoted', data: { ...mod('dave'), side: 'pro' } },
        { type: 'SpeakerDemoted', data: mod('dave') },
        { type: 'ModeratorAssigned', data: mod('carol') },
      )
      .then({
        turns: [],
        people: [
          { debate_id: 'd1', account_id: 'carol', display_name: 'CAROL', side: 'con', role: 'moderator' },
          { debate_id: 'd1', account_id: 'dave', display_name: 'DAVE', side: 'pro', role: 'audience' },
        ],
      });
  });

  it('a revoked moderator is audience again', () => {
    const mod = (targetId: string) => ({ moderatorId: 'host', targetId, reason: '', at: at(5) });
    spec
      .given(joined('carol', 'audience'), { type: 'ModeratorAssigned', data: mod('carol') })
      .when({ type: 'ModeratorRevoked', data: mod('carol') })
      .then({ turns: [], people: [{ debate_id: 'd1', account_id: 'carol', display_name: 'CAROL', side: null, role: 'audience' }] });
  });

  it('ignores an end or extension of a turn it never saw granted', () => {
    spec
      .given()
      .when({ type: 'TurnEnded', data: { turnNo: 7, speaker: 'alice', reason: 'yielded', endedBy: 'alice', spokeMs: 1_000, overtimeMs: 0, at: at(75) } })
      .then({ turns: [], people: [] });
  });

  it('keeps the turns of different debates apart', () => {
    spec
      .given(granted(1, 'alice'))
      .when(inDebate('d2', granted(1, 'bob')))
      .then({ turns: [openTurn, { ...openTurn, debate_id: 'd2', account_id: 'bob' }], people: [] });
  });
});

// Requests, invitations and floor control in the shared fold, the view, and the rule every
// receiver applies (heardUnderFloorControl).
import { describe, expect, it } from 'vitest';
import { type DebateEvent, type DebateState, evolve, heardUnderFloorControl, initialDebateState, toDebateView } from '../src/index.ts';

const at = '2026-01-01T10:00:00.000Z';
const scheduled = (floorControl?: boolean): DebateEvent => ({
  type: 'DebateScheduled',
  data: {
    debateId: 'd1', hostId: 'host', hostName: 'Host', title: 'T', book: { title: 'B', author: 'A' }, motion: 'M', format: 'oxford',
    maxMembers: 50, startAt: null, turnMs: 60_000, presentationMs: 60_000, ...(floorControl === undefined ? {} : { floorControl }), at,
  },
});
const room = (floorControl?: boolean): DebateEvent[] => [
  scheduled(floorControl),
  { type: 'DebateOpened', data: { by: 'host', at } },
  { type: 'ParticipantJoined', data: { accountId: 'host', displayName: 'Host', role: 'moderator', side: null, at } },
  { type: 'ParticipantJoined', data: { accountId: 'alice', displayName: 'Alice', role: 'speaker', side: 'pro', at } },
  { type: 'ParticipantJoined', data: { accountId: 'bob', displayName: 'Bob', role: 'speaker', side: 'con', at } },
  { type: 'ParticipantJoined', data: { accountId: 'carol', displayName: 'Carol', role: 'audience', side: null, at } },
];
const live: DebateEvent[] = [
  { type: 'DebateStarted', data: { by: 'host', at } },
  { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at } },
];
const aliceHasTheFloor: DebateEvent = {
  type: 'TurnGranted',
  data: { turnNo: 1, speaker: 'alice', side: 'pro', kind: 'open', durationMs: 60_000, grantedBy: 'host', startedAt: at, endsAt: '2026-01-01T10:01:00.000Z' },
};
const invited: DebateEvent = { type: 'SpeakerInvited', data: { moderatorId: 'host', targetId: 'carol', reason: 'in chat', at, side: 'con' } };
const fold = (events: DebateEvent[], from = initialDebateState('d1')) => events.reduce(evolve, from);

/** A state as a read model stored it before invitations and floor control existed. */
function storedBefore(s: DebateState): DebateState {
  const { invitations: _i, floorControl: _f, ...rest } = s;
  return rest as DebateState;
}

describe('floor control', () => {
  it('is what the debate was scheduled with; off for a debate scheduled before the setting existed', () => {
    expect(fold(room(true)).floorControl).toBe(true);
    expect(fold(room(false)).floorControl).toBe(false);
    expect(fold(room()).floorControl).toBe(false);
  });
  it('a moderator turns it on and off', () => {
    const on: DebateEvent = { type: 'FloorControlChanged', data: { moderatorId: 'host', targetId: null, reason: '', at, floorControl: true } };
    const off: DebateEvent = { type: 'FloorControlChanged', data: { moderatorId: 'host', targetId: null, reason: '', at, floorControl: false } };
    expect(fold([...room(), on]).floorControl).toBe(true);
    expect(fold([...room(), on, off]).floorControl).toBe(false);
  });
  it('while live, only the floor holder and moderators are heard', () => {
    const s = fold([...room(true), ...live, aliceHasTheFloor]);
    expect(['host', 'alice', 'bob', 'carol'].filter((id) => heardUnderFloorControl(s, id))).toEqual(['host', 'alice']);
  });
  it('between turns the speakers are silent and the moderators heard', () => {
    const s = fold([...room(true), ...live]);
    expect(['host', 'alice', 'bob'].filter((id) => heardUnderFloorControl(s, id))).toEqual(['host']);
  });
  it('before the debate is live, and without floor control, everyone is', () => {
    expect(['host', 'alice', 'bob'].every((id) => heardUnderFloorControl(fold(room(true)), id))).toBe(true);
    expect(['host', 'alice', 'bob'].every((id) => heardUnderFloorControl(fold([...room(false), ...live, aliceHasTheFloor]), id))).toBe(true);
  });
  it('reads the same from the view the stage node and listeners get', () => {
    const view = toDebateView(fold([...room(true), ...live, aliceHasTheFloor]), 1n);
    expect(view.floorControl).toBe(true);
    expect(['host', 'alice', 'bob'].filter((id) => heardUnderFloorControl(view, id))).toEqual(['host', 'alice']);
  });
});

describe('invitations', () => {
  it('an invitation waits in the state and the view, and answers the request', () => {
    const asked: DebateEvent = { type: 'TurnRequested', data: { accountId: 'carol', side: null, at } };
    const s = fold([...room(), asked, invited]);
    expect(s.queue).toEqual([]);
    expect(s.invitations).toEqual({ carol: { accountId: 'carol', invitedBy: 'host', side: 'con', reason: 'in chat', at } });
    expect(toDebateView(s, 1n).invitations).toEqual([{ accountId: 'carol', invitedBy: 'host', side: 'con', reason: 'in chat', at }]);
  });
  it('accepting ends it; the promotion makes the speaker', () => {
    const s = fold([
      ...room(),
      invited,
      { type: 'InvitationAccepted', data: { accountId: 'carol', invitedBy: 'host', side: 'con', at } },
      { type: 'SpeakerPromoted', data: { moderatorId: 'host', targetId: 'carol', reason: 'in chat', at, side: 'con' } },
    ]);
    expect(s.invitations).toEqual({});
    expect(s.participants.carol).toMatchObject({ role: 'speaker', side: 'con' });
  });
  it('an audience member’s request stands across rounds; speakers’ hands do not', () => {
    const s = fold([
      ...room(),
      { type: 'TurnRequested', data: { accountId: 'carol', side: null, at } },
      { type: 'DebateStarted', data: { by: 'host', at } },
      { type: 'RoundStarted', data: { round: 'PREPARATION', order: [], by: 'host', at } },
    ]);
    expect(s.queue).toEqual(['carol']);
  });
  it('the end of the debate ends every invitation', () => {
    expect(fold([...room(), invited, { type: 'DebateEnded', data: { by: 'host', at } }]).invitations).toEqual({});
  });
  it('a state stored before invitations folds them and reads as none and floor control off', () => {
    const stored = storedBefore(fold(room()));
    expect(toDebateView(stored, 1n)).toMatchObject({ floorControl: false, invitations: [] });
    expect(fold([invited], stored).invitations.carol?.side).toBe('con');
    const left = fold([{ type: 'ParticipantLeft', data: { accountId: 'carol', reason: 'left', at } }], storedBefore(fold(room())));
    expect(left.participants.carol).toBeUndefined();
    expect(left.invitations).toEqual({});
  });
});

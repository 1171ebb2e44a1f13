// Property: whatever sequence of commands people send, the accepted ones keep the projected
// state's invariants. fast-check generates the sequences and shrinks any failure to a minimal one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type DebateCommandInput, type DebateState, DebateCommandSchema, DebateEventSchema, evolve, initialDebateState } from '@booktalk/contracts';
import { type Actor, SYSTEM_ACTOR, decide, isDomainError } from '../src/index.ts';
import { DEBATE_ID, T0, actors, openFloor, oxfordRoom, started } from './support/fixtures.ts';

const people: Actor[] = [actors.host, actors.alice, actors.bob, actors.carol, actors.dave, SYSTEM_ACTOR];
const who = fc.constantFrom(...people.map((p) => p.accountId).filter((id) => id !== 'system'));
const side = fc.constantFrom('pro', 'con');

const command: fc.Arbitrary<DebateCommandInput> = fc.oneof(
  fc.constant({ type: 'OpenDebate', data: {} }),
  fc.constant({ type: 'StartDebate', data: {} }),
  fc.constant({ type: 'AdvanceRound', data: {} }),
  fc.record({ type: fc.constant('JoinDebate'), data: fc.record({ role: fc.constantFrom('speaker', 'audience'), side }) }),
  fc.constant({ type: 'LeaveDebate', data: {} }),
  fc.constant({ type: 'RaiseHand', data: {} }),
  fc.constant({ type: 'LowerHand', data: {} }),
  fc.record({ type: fc.constant('GrantTurn'), data: fc.option(fc.record({ accountId: who }), { nil: undefined }).map((d) => d ?? {}) }),
  fc.constant({ type: 'YieldTurn', data: {} }),
  fc.constant({ type: 'EndTurn', data: {} }),
  fc.record({ type: fc.constant('ExtendTurn'), data: fc.record({ ms: fc.constantFrom(5_000, 30_000) }) }),
  fc.record({ type: fc.constant('ExpireTurn'), data: fc.record({ turnNo: fc.integer({ min: 1, max: 6 }) }) }),
  fc.record({ type: fc.constant('IssueTurnWarning'), data: fc.record({ turnNo: fc.integer({ min: 1, max: 6 }), remainingMs: fc.constantFrom(10_000, 30_000) }) }),
  fc.record({ type: fc.constant('OpenVote'), data: fc.record({ voteId: fc.constantFrom('v1', 'v2'), question: fc.constant('Agree?'), options: fc.constant(['pro', 'con']), kind: fc.constantFrom('pre', 'post', 'poll') }).map((d) => (d.kind === 'poll' ? d : { ...d, sides: ['pro', 'con'] })) }),
  fc.record({ type: fc.constant('CastVote'), data: fc.record({ voteId: fc.constantFrom('v1', 'v2'), option: fc.constantFrom('pro', 'con') }) }),
  fc.record({ type: fc.constant('CloseVote'), data: fc.record({ voteId: fc.constantFrom('v1', 'v2') }) }),
  fc.record({ type: fc.constantFrom('MuteParticipant', 'RemoveParticipant', 'DemoteToAudience', 'AssignModerator', 'RevokeModerator'), data: fc.record({ accountId: who }) }),
  fc.record({ type: fc.constant('PromoteToSpeaker'), data: fc.record({ accountId: who, side }) }),
  // Role changes back and forth on their own too, so that revocations of assigned moderators happen.
  fc.record({ type: fc.constantFrom('AssignModerator', 'RevokeModerator'), data: fc.record({ accountId: who }) }),
  // Requests to speak are RaiseHand from the audience; the answers to them:
  fc.record({ type: fc.constant('InviteToSpeak'), data: fc.record({ accountId: who, side }) }),
  // (Twice: only the invited one of the six actors can answer.)
  fc.constantFrom({ type: 'AcceptInvitation', data: {} }, { type: 'DeclineInvitation', data: {} }),
  fc.constant({ type: 'AcceptInvitation', data: {} }),
  fc.record({ type: fc.constant('DismissRequest'), data: fc.record({ accountId: who }) }),
  fc.record({ type: fc.constant('SetFloorControl'), data: fc.record({ floorControl: fc.boolean() }) }),
  fc.constant({ type: 'LockRoom', data: {} }),
  fc.constant({ type: 'UnlockRoom', data: {} }),
) as fc.Arbitrary<DebateCommandInput>;

const step = fc.record({ command: fc.oneof({ arbitrary: command, weight: 60 }, { arbitrary: fc.constant<DebateCommandInput>({ type: 'EndDebate', data: {} }), weight: 1 }), actor: fc.constantFrom(...people), advanceSec: fc.integer({ min: 0, max: 200 }) });

function checkInvariants(s: DebateState) {
  const ids = Object.keys(s.participants);
  if (s.currentTurn) expect(ids, 'the floor holder is in the room').toContain(s.currentTurn.accountId);
  expect(new Set(s.queue).size, 'queue has no duplicates').toBe(s.queue.length);
  // A speaker's raised hand, or an audience member's request to speak; never a moderator's.
  for (const q of s.queue) expect(['speaker', 'audience'], `queued ${q} is a speaker or asks to speak`).toContain(s.participants[q]?.role);
  // An invitation waits for an audience member in the room, whose request it answered.
  for (const id of Object.keys(s.invitations)) {
    expect(s.participants[id]?.role, `invited ${id} is in the audience`).toBe('audience');
    expect(s.queue, `invited ${id} is not also queued`).not.toContain(id);
  }
  for (const r of s.removed) expect(ids, `removed ${r} is not a participant`).not.toContain(r);
  // Roles: the moderator list and the participants' roles agree, the host always moderates, and a
  // removed account keeps no moderator right.
  for (const r of s.removed) expect(s.moderators, `removed ${r} is not a moderator`).not.toContain(r);
  // (The timekeeper's actor joining in these runs moderates by being the system, not by the list.)
  for (const p of Object.values(s.participants)) if (p.accountId !== SYSTEM_ACTOR.accountId) expect(p.role === 'moderator', `${p.accountId}'s role matches the moderator list`).toBe(s.moderators.includes(p.accountId));
  if (s.hostId) expect(s.moderators).toContain(s.hostId);
  for (const v of Object.values(s.votes)) {
    const ballots = Object.values(v.ballots);
    const total = Object.values(v.tallies).reduce((a, b) => a + b, 0);
    expect(total, 'one counted ballot per account').toBe(ballots.length);
    for (const o of ballots) expect(v.options).toContain(o);
  }
  if (s.status === 'ended') expect(s.currentTurn).toBeNull();
}

describe('the fold under any accepted command sequence', () => {
  // 1,000 runs take ~1.5 s alone and several on a loaded CI machine: no 5 s default here.
  it('keeps its invariants', { timeout: 60_000 }, () => {
    // Runs start from a room in one of its phases so that most generated commands can be accepted.
    const starts = fc.constantFrom(oxfordRoom, [...oxfordRoom, ...started], openFloor);
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(starts, fc.array(step, { minLength: 20, maxLength: 80 }), (history, steps) => {
        let now = T0;
        const ctx = (actor: Actor, i: number) => ({ now: new Date(now), actor, debateId: DEBATE_ID, commandId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
        let state = history.reduce(evolve, initialDebateState(DEBATE_ID));
        let lastTurnNo = 0;
        steps.forEach(({ command: input, actor, advanceSec }, i) => {
          now += advanceSec * 1000;
          const parsed = DebateCommandSchema.safeParse(input);
          if (!parsed.success) return;
          const result = decide(parsed.data, state, ctx(actor, i + 1));
          if (isDomainError(result)) return;
          for (const e of result) {
            DebateEventSchema.parse(e);
            accepted.set(e.type, (accepted.get(e.type) ?? 0) + 1);
            if (e.type === 'TurnGranted') {
              expect(e.data.turnNo, 'turn numbers only grow').toBeGreaterThan(lastTurnNo);
              lastTurnNo = e.data.turnNo;
            }
            state = evolve(state, e);
          }
          checkInvariants(state);
        });
      }),
      { numRuns: 1000 },
    );
    // Guard against a generator that only produces refusals: the property must have been exercised.
    expect(accepted.get('TurnGranted') ?? 0).toBeGreaterThan(100);
    expect(accepted.get('VoteCast') ?? 0).toBeGreaterThan(50);
    expect(accepted.get('TurnEnded') ?? 0).toBeGreaterThan(50);
    expect(accepted.get('ParticipantRemoved') ?? 0).toBeGreaterThan(10);
    // Rarer (the host or the system must revoke someone assigned before): ~10 per run.
    expect(accepted.get('ModeratorRevoked') ?? 0).toBeGreaterThan(0);
    expect(accepted.get('SpeakerInvited') ?? 0).toBeGreaterThan(10);
    expect(accepted.get('InvitationAccepted') ?? 0).toBeGreaterThan(0);
  });
});

// Every event named view-neutral leaves the room view as it was but for its version.
import { describe, expect, it } from 'vitest';
import { type DebateEvent, VIEW_NEUTRAL_EVENT_TYPES, evolve, initialDebateState, toDebateView, viewNeutral } from '../src/index.ts';

const at = '2026-01-01T10:00:00.000Z';
const room: DebateEvent[] = [
  {
    type: 'DebateScheduled',
    data: { debateId: 'd1', hostId: 'host', hostName: 'Host', title: 'T', book: { title: 'B', author: 'A' }, motion: 'M', format: 'free', maxMembers: 50, startAt: null, turnMs: 60_000, presentationMs: 60_000, at },
  },
  { type: 'ParticipantJoined', data: { accountId: 'alice', displayName: 'Alice', role: 'speaker', side: null, at } },
  { type: 'ParticipantJoined', data: { accountId: 'bob', displayName: 'Bob', role: 'audience', side: null, at } },
  { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p', node: 'n', at } },
];
const samples: DebateEvent[] = [
  { type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 300, candidateType: 'host', at } },
  { type: 'PeerLinkFailed', data: { a: 'alice', b: 'bob', attempt: 1, at } },
  { type: 'VoiceRejoinAttempted', data: { accountId: 'alice', attempt: 1, at } },
  { type: 'VoiceRejoinAbandoned', data: { accountId: 'alice', attempts: 5, at } },
  { type: 'StagePublished', data: { accountId: 'alice', feedId: 7, node: 'n', at } },
  { type: 'StageUnpublished', data: { accountId: 'alice', feedId: 7, reason: 'left', at } },
  { type: 'StageListenerSubscribed', data: { accountId: 'bob', node: 'n', at } },
  { type: 'StageListenerLeft', data: { accountId: 'bob', reason: 'left', at } },
  { type: 'StageSfuFailed', data: { node: 'n', op: 'connection', at } },
];

describe('view-neutral events', () => {
  const before = room.reduce(evolve, initialDebateState('d1'));
  const withoutVersion = (s: typeof before) => ({ ...toDebateView(s, 1n), position: '', version: 0 });

  it('has a sample here for every type in the list', () => {
    expect(new Set(samples.map((e) => e.type))).toEqual(VIEW_NEUTRAL_EVENT_TYPES);
  });

  it.each(samples.map((e) => [e.type, e] as const))('%s leaves the room view unchanged', (_type, event) => {
    expect(withoutVersion(evolve(before, event))).toEqual(withoutVersion(before));
  });

  it('calls a batch neutral only when every event in it is', () => {
    expect(viewNeutral(['StageListenerSubscribed', 'PeerLinkFailed'])).toBe(true);
    expect(viewNeutral(['StageListenerSubscribed', 'VoiceJoined'])).toBe(false);
    expect(viewNeutral([])).toBe(false);
  });
});

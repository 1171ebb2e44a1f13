import { describe, expect, it } from 'vitest';
import { UnknownEventError, currentSchemaVersion, upcastEvent } from '../src/index.ts';

describe('event schema versions', () => {
  it('upcasts a v1 ParticipantJoined (name, no side) to the current version on read', () => {
    const stored = { accountId: 'alice', name: 'Alice', role: 'speaker', at: '2026-01-01T10:00:00.000Z' };
    expect(currentSchemaVersion('ParticipantJoined')).toBe(2);
    expect(upcastEvent('ParticipantJoined', 1, stored)).toEqual({
      type: 'ParticipantJoined',
      data: { accountId: 'alice', displayName: 'Alice', role: 'speaker', side: null, at: '2026-01-01T10:00:00.000Z' },
    });
  });
  it('upcasts a v1 DebateScheduled (no host name) by naming the host by their account id', () => {
    const v1 = {
      debateId: 'd1', hostId: 'host', title: 'T', book: { title: 'B', author: 'A' }, motion: 'M', format: 'free',
      maxMembers: 50, startAt: null, turnMs: 60_000, presentationMs: 60_000, at: '2026-01-01T10:00:00.000Z',
    };
    expect(currentSchemaVersion('DebateScheduled')).toBe(2);
    expect(upcastEvent('DebateScheduled', 1, v1)).toEqual({ type: 'DebateScheduled', data: { ...v1, hostName: 'host' } });
  });
  // Issue 19: v1 VoteOpened had no sides; analytics guessed them from English labels. The upcaster
  // keeps that guess for old events only (a v2 event states its sides).
  it('upcasts a v1 VoteOpened (no sides) by the legacy English-word guess; a v1 poll gets no sides', () => {
    const at = '2026-01-01T10:00:00.000Z';
    const pre = { voteId: 'pre', question: 'Agree?', options: ['For', 'against', 'maybe', '찬성'], kind: 'pre', openedBy: 'host', at };
    expect(currentSchemaVersion('VoteOpened')).toBe(2);
    expect(upcastEvent('VoteOpened', 1, pre)).toEqual({ type: 'VoteOpened', data: { ...pre, sides: ['pro', 'con', 'undecided', 'undecided'] } });
    const poll = { ...pre, voteId: 'p', options: ['yes', 'no'], kind: 'poll' };
    expect(upcastEvent('VoteOpened', 1, poll)).toEqual({ type: 'VoteOpened', data: { ...poll, sides: null } });
    // A v2 event is read as written: its declared sides are not re-guessed from the labels.
    const v2 = { ...pre, options: ['찬성', '반대', '미정'], sides: ['pro', 'con', 'undecided'] };
    expect(upcastEvent('VoteOpened', 2, v2)).toEqual({ type: 'VoteOpened', data: v2 });
  });
  it('reads a current-version event unchanged', () => {
    const data = { by: 'host', at: '2026-01-01T10:00:00.000Z' };
    expect(upcastEvent('DebateOpened', 1, data)).toEqual({ type: 'DebateOpened', data });
  });
  it('refuses an event written by newer code, an unknown type, or data that breaks its schema', () => {
    expect(() => upcastEvent('DebateOpened', 9, {})).toThrow(UnknownEventError);
    expect(() => upcastEvent('NoSuchEvent', 1, {})).toThrow(/does not match/);
    expect(() => upcastEvent('DebateOpened', 1, { by: 'host' })).toThrow(/does not match/);
  });
});

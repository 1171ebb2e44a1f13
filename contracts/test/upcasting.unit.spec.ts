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

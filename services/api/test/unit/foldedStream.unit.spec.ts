import type { StoredEvent } from '@booktalk/contracts';
import { describe, expect, it } from 'vitest';
import { emptyStream, foldStored } from '../../src/commandHandling/foldedStream.ts';

const stored = (version: number, commandId: string, type: string, data: unknown, schemaVersion = 1): StoredEvent => ({
  eventId: `00000000-0000-4000-8000-00000000000${version}`,
  type,
  streamId: 'debate-d1',
  version,
  position: BigInt(100 + version),
  occurredAt: '2026-01-01T10:00:00.000Z',
  schemaVersion,
  data,
  metadata: { commandId, correlationId: commandId, causationId: null, actorId: 'host', node: 'n' },
});

const scheduled = stored(0, 'c1', 'DebateScheduled', {
  debateId: 'd1', hostId: 'host', title: 'T', book: { title: 'B', author: 'A' }, motion: 'M', format: 'free',
  maxMembers: 50, startAt: null, turnMs: 60_000, presentationMs: 60_000, at: '2026-01-01T10:00:00.000Z',
});

describe('foldStored', () => {
  it('folds upcast events, indexes command ids, and skips what it already has', () => {
    // A v1 ParticipantJoined (stored `name`) is upcast before folding.
    const joinedV1 = stored(1, 'c2', 'ParticipantJoined', { accountId: 'alice', name: 'Alice', role: 'audience', at: '2026-01-01T10:00:01.000Z' }, 1);
    const s = foldStored(emptyStream('d1'), [scheduled, joinedV1]);
    expect(s.version).toBe(1);
    expect(s.position).toBe(101n);
    expect(s.state.participants.alice?.displayName).toBe('Alice');
    expect(s.commands.get('c2')).toEqual({ firstVersion: 1, version: 1, position: 101n });
    expect(foldStored(s, [joinedV1]).state).toBe(s.state);
  });

  it('refuses a gap in the stream', () => {
    expect(() => foldStored(emptyStream('d1'), [stored(1, 'c', 'DebateOpened', { by: 'host', at: '2026-01-01T10:00:00.000Z' })])).toThrow(/gap/);
  });
});

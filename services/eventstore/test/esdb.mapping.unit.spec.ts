// What of the EventStoreDB adapter can be checked without a server: deterministic ids and the
// envelope round trip through EventStoreDB's record shape.
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { commandEventId, uuidV5 } from '../src/esdb/index.ts';
import { isSystem, toEventData, toStoredEvent } from '../src/esdb/mapping.ts';
import { newEvent } from './contract/fixtures.ts';

describe('EventStoreDB event ids', () => {
  it('are RFC 4122 v5 and match a known vector', () => {
    // uuid v5 of "www.example.com" in the DNS namespace (RFC 4122 appendix, errata 1352 / python uuid).
    const dns = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');
    expect(uuidV5('www.example.com', dns)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('are the same for the same stream, command and index, and differ otherwise', () => {
    const id = commandEventId('debate-1', 'cmd-1', 0);
    expect(commandEventId('debate-1', 'cmd-1', 0)).toBe(id);
    expect(new Set([id, commandEventId('debate-1', 'cmd-1', 1), commandEventId('debate-2', 'cmd-1', 0), commandEventId('debate-1', 'cmd-2', 0)]).size).toBe(4);
  });
});

describe('EventStoreDB mapping', () => {
  it('round-trips the envelope through the record metadata', () => {
    const event = { ...newEvent('TurnGranted', { speaker: 'a' }), schemaVersion: 2 };
    const data = toEventData('debate-1', event, 0, '2025-01-01T00:00:00.000Z');
    const resolved = {
      event: {
        id: data.id,
        type: data.type,
        streamId: 'debate-1',
        revision: 4n,
        isJson: true,
        created: new Date(),
        data: event.data,
        metadata: data.metadata,
        position: { commit: 1234n, prepare: 1234n },
      },
      commitPosition: 1234n,
    } as unknown as AllStreamResolvedEvent;
    expect(isSystem(resolved)).toBe(false);
    expect(toStoredEvent(resolved)).toEqual({
      eventId: data.id,
      type: 'TurnGranted',
      streamId: 'debate-1',
      version: 4,
      position: 1234n,
      occurredAt: '2025-01-01T00:00:00.000Z',
      schemaVersion: 2,
      data: { speaker: 'a' },
      metadata: event.metadata,
    });
  });

  it('treats $-prefixed types and streams as system records', () => {
    const sys = (type: string, streamId: string) => ({ event: { type, streamId } }) as unknown as AllStreamResolvedEvent;
    expect(isSystem(sys('$metadata', 'debate-1'))).toBe(true);
    expect(isSystem(sys('Anything', '$stats-127.0.0.1:2113'))).toBe(true);
    expect(isSystem(sys('TurnGranted', 'debate-1'))).toBe(false);
  });
});

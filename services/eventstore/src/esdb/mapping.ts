// Envelope <-> EventStoreDB records. Our metadata, schema version and occurredAt travel in the
// event's metadata JSON; `position` is the $all commit position.
import type { EventMetadata, NewEvent, StoredEvent } from '@booktalk/contracts';
import { jsonEvent, type EventData, type JSONType, type ResolvedEvent, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { commandEventId } from './eventIds.ts';

interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  occurredAt: string;
}

export const toEventData = (streamId: string, event: NewEvent, index: number, now: string): EventData =>
  jsonEvent({
    id: commandEventId(streamId, event.metadata.commandId, index),
    type: event.type,
    // EventStoreDB stores any JSON text; the client's type is narrower than what we allow.
    data: event.data as JSONType,
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion ?? 1, occurredAt: event.occurredAt ?? now } satisfies StoredMetadata,
  });

/** System records ($-prefixed types or streams) are EventStoreDB's own, never ours. */
export const isSystem = (r: ResolvedEvent | AllStreamResolvedEvent): boolean =>
  !r.event || r.event.type.startsWith('$') || r.event.streamId.startsWith('$');

export function toStoredEvent(r: ResolvedEvent | AllStreamResolvedEvent): StoredEvent {
  const e = r.event;
  if (!e || !e.isJson) throw new Error(`Not a BookTalk event at ${String(r.commitPosition)}`);
  const { schemaVersion, occurredAt, ...metadata } = e.metadata as unknown as Partial<StoredMetadata> & EventMetadata;
  return {
    eventId: e.id,
    type: e.type,
    streamId: e.streamId,
    version: Number(e.revision),
    position: e.position?.commit ?? r.commitPosition ?? 0n,
    occurredAt: occurredAt ?? e.created.toISOString(),
    schemaVersion: schemaVersion ?? 1,
    data: e.data,
    metadata,
  };
}

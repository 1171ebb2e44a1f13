// Stored events → JSON bodies: bigint positions as decimal strings, data upcast to the current schema.
import { type StoredEvent, currentSchemaVersion, upcastEvent } from '@booktalk/contracts';
import type { z } from 'zod';
import type { StoredEventBody } from './schemas.ts';

export const storedEventBody = (e: StoredEvent): z.infer<typeof StoredEventBody> => ({
  eventId: e.eventId,
  type: e.type,
  version: e.version,
  position: e.position.toString(),
  occurredAt: e.occurredAt,
  schemaVersion: currentSchemaVersion(e.type),
  data: upcastEvent(e.type, e.schemaVersion, e.data).data,
  metadata: e.metadata,
});

// The stored shape of every event, whatever the store. `position` is the global order over
// all streams; `version` is the 0-based index inside the stream.
import { z } from 'zod';

export const EventMetadata = z.object({
  commandId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  actorId: z.string().min(1),
  node: z.string().min(1),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** What a writer hands to the store: no position, version or id yet. */
export interface NewEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
  /** Schema version of `data`; readers upcast older versions. */
  schemaVersion?: number;
  metadata: EventMetadata;
  occurredAt?: string;
}

export const StoredEventSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  streamId: z.string().min(1),
  version: z.number().int().nonnegative(),
  position: z.bigint().nonnegative(),
  occurredAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.number().int().positive(),
  data: z.unknown(),
  metadata: EventMetadata,
});

export interface StoredEvent<T extends string = string, D = unknown> {
  eventId: string;
  type: T;
  streamId: string;
  version: number;
  /** Global position. bigint because PostgreSQL bigserial and the $all commit position exceed 2^53. */
  position: bigint;
  occurredAt: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
}

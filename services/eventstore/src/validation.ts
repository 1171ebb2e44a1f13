// Input checks shared by both adapters: a bad append is refused before any I/O, so nothing
// is ever partially written.
import { EventMetadata, type NewEvent } from '@booktalk/contracts';
import { z } from 'zod';

/** Thrown for malformed input (bad stream id, no events, bad envelope). Nothing was written. */
export class EventStoreInputError extends Error {
  constructor(
    message: string,
    readonly issues: { path: (string | number)[]; message: string }[] = [],
  ) {
    super(message);
    this.name = 'EventStoreInputError';
  }
}

// `$` is reserved for EventStoreDB system streams; whitespace and control characters make ids
// unreadable in logs. `debate-<id>` and similar ids pass.
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;

const NewEventSchema = z.object({
  type: z.string().min(1).max(200),
  data: z.unknown().refine((d) => d !== undefined, 'data is required (use null for none)'),
  schemaVersion: z.number().int().positive().optional(),
  metadata: EventMetadata,
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});

export const MAX_EVENTS_PER_APPEND = 1000;

export function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) {
    throw new EventStoreInputError(
      `Invalid stream id ${JSON.stringify(streamId)}: 1-200 of letters, digits, _ . : @ -, not starting with a symbol`,
    );
  }
}

/** Validates an append and returns its single command id. */
export function validateAppend(streamId: unknown, events: unknown, expected: unknown): string {
  assertStreamId(streamId);
  const validExpected =
    expected === 'any' || expected === 'no_stream' || (Number.isSafeInteger(expected) && (expected as number) >= 0);
  if (!validExpected) {
    throw new EventStoreInputError(`Invalid expected version ${String(expected)}: 'any', 'no_stream' or an integer >= 0`);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new EventStoreInputError('An append needs at least one event');
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new EventStoreInputError(`An append takes at most ${MAX_EVENTS_PER_APPEND} events`);
  }
  const issues = events.flatMap((event, index) => {
    const result = NewEventSchema.safeParse(event);
    return result.success
      ? []
      : result.error.issues.map((i) => ({
          path: [index, ...i.path.filter((p): p is string | number => typeof p !== 'symbol')],
          message: i.message,
        }));
  });
  if (issues.length > 0) throw new EventStoreInputError('Invalid events', issues);
  // Idempotency is per command: one append = one command's events.
  const commandIds = new Set((events as NewEvent[]).map((e) => e.metadata.commandId));
  if (commandIds.size !== 1) {
    throw new EventStoreInputError('All events of one append must carry the same metadata.commandId');
  }
  return [...commandIds][0] as string;
}


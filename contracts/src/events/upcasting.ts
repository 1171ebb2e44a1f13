// Event schema versions. A stored event carries the schema version it was written with; on read
// it is upcast step by step (v1 → v2 → …) to the current version, then validated. Writers always
// write the current version. To change an event's data: bump its version here and add the
// upcaster from the previous one — never edit history.
import { type DebateEvent, type DebateEventType, DebateEventSchema } from './index.ts';

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * LEGACY, for VoteOpened v1 only: v1 did not say which side an option stands for, and analytics
 * guessed it from English words. Upcasting keeps that guess for old events (so their results
 * read as before); it is wrong for any other language ("찬성" reads as undecided), which is why
 * v2 makes the side explicit. Nothing else may guess a side from a label.
 */
function legacyOptionSide(option: string): 'pro' | 'con' | 'undecided' {
  const o = option.trim().toLowerCase();
  if (['for', 'pro', 'yes', 'aye', 'agree'].includes(o)) return 'pro';
  if (['against', 'con', 'no', 'nay', 'disagree'].includes(o)) return 'con';
  return 'undecided';
}

interface VersionInfo {
  current: number;
  /** upcasters[n] turns version n data into version n + 1. */
  upcasters: Record<number, Upcaster>;
}

const versions: Partial<Record<DebateEventType, VersionInfo>> = {
  // v1 did not record the host's display name; the account id is the best name v1 events have.
  DebateScheduled: {
    current: 2,
    upcasters: { 1: (data) => ({ ...data, hostName: data.hostId }) },
  },
  // v1 (early prototype) stored `name` and no `side`; v2 renamed it and made the side explicit.
  ParticipantJoined: {
    current: 2,
    upcasters: {
      1: ({ name, ...rest }) => ({ ...rest, displayName: name, side: rest.side ?? null }),
    },
  },
  // v1 had no `sides`: a motion vote's sides are the legacy English-word guess, a poll has none.
  VoteOpened: {
    current: 2,
    upcasters: {
      1: (data) => ({
        ...data,
        sides: data.kind === 'poll' || !Array.isArray(data.options) ? null : data.options.map((o) => legacyOptionSide(String(o))),
      }),
    },
  },
};

export const currentSchemaVersion = (type: string): number =>
  versions[type as DebateEventType]?.current ?? 1;

export class UnknownEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownEventError';
  }
}

/** Upcasts and validates a stored `{type, schemaVersion, data}` into a current-version event. */
export function upcastEvent(type: string, schemaVersion: number, data: unknown): DebateEvent {
  const info = versions[type as DebateEventType];
  const current = info?.current ?? 1;
  if (schemaVersion > current) {
    throw new UnknownEventError(`${type} v${schemaVersion} is newer than this code (v${current})`);
  }
  let upcast = data as Record<string, unknown>;
  for (let v = schemaVersion; v < current; v++) {
    const step = info?.upcasters[v];
    if (!step) throw new UnknownEventError(`No upcaster for ${type} v${v} → v${v + 1}`);
    upcast = step(upcast);
  }
  const parsed = DebateEventSchema.safeParse({ type, data: upcast });
  if (!parsed.success) {
    throw new UnknownEventError(`Stored ${type} v${schemaVersion} does not match its schema: ${parsed.error.message}`);
  }
  return parsed.data;
}

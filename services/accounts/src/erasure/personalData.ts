// The personal fields of each event type, who they belong to, and what they read as once that
// identity is erased. Everything else in an event (ids, times, sides, votes, turn lengths) is the
// debate's history and stays, so turns, speaking times and tallies are unchanged by an erasure.
export const DELETED_USER = 'deleted user';

export interface PersonalFields {
  /** The data field naming the identity the personal fields belong to. */
  owner: string;
  /** Personal field → its erased value (fields absent from an event's data are left alone). */
  erased: Readonly<Record<string, unknown>>;
}

export const personalFields: Readonly<Record<string, PersonalFields>> = {
  DebateScheduled: { owner: 'hostId', erased: { hostName: DELETED_USER } },
  // `name` is the v1 spelling of displayName (see the contracts' upcasters).
  ParticipantJoined: { owner: 'accountId', erased: { displayName: DELETED_USER, name: DELETED_USER } },
  MessagePosted: { owner: 'authorId', erased: { text: '' } },
  // The page references are derived from the text, so they go with it.
  PresentationUpdated: { owner: 'accountId', erased: { content: '', pageRefs: [] } },
};

export type EventData = Record<string, unknown>;

/** The owner of an event's personal fields, or null when the event holds none. */
export function personalOwner(type: string, data: unknown): string | null {
  const spec = personalFields[type];
  if (!spec || typeof data !== 'object' || data === null) return null;
  const owner = (data as EventData)[spec.owner];
  return typeof owner === 'string' ? owner : null;
}

/** The data with every personal field present replaced by its erased value. */
export function redact(type: string, data: EventData): EventData {
  const spec = personalFields[type]!;
  const out: EventData = { ...data };
  for (const [field, value] of Object.entries(spec.erased)) if (field in out) out[field] = value;
  return out;
}

/** The personal fields present in the data. */
export function pickPersonal(type: string, data: EventData): EventData {
  const spec = personalFields[type]!;
  return Object.fromEntries(Object.keys(spec.erased).filter((f) => f in data).map((f) => [f, data[f]]));
}

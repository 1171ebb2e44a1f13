// The personal fields of each event type, who they belong to, and what they read as once that
// identity is erased. Everything else in an event (ids, times, sides, votes, turn lengths) is the
// debate's history and stays, so turns, speaking times and tallies are unchanged by an erasure.
//
// What a person typed is personal: their name, chat, presentation notes, the titles of debates
// they host, the questions and options of votes they open, and the reasons they give for moderation
// actions. (A debate's motion and book stay: they are what the debate, its votes and its speeches
// are about — the subject of everyone's contributions, like the book itself, not the host's own
// words about anyone — and emptying them would leave every other participant's history
// meaningless.) Ids a client chooses cannot carry words at all: command, message and correlation
// ids are UUIDs (contracts/src/commands/schemas.ts, services/api/src/http/commandRouter.ts).
import { createHmac } from 'node:crypto';

export const DELETED_USER = 'deleted user';

/**
 * Makes a field's erased value when the event is sealed, from the value and a keyed pseudonym of
 * a text (HMAC under a key derived from the owner's data key). For vote options: the ballots and
 * the close of a vote name the options too, so their erased values must agree across events (the
 * tallies stay countable) while telling nothing once the key is gone.
 */
export type Pseudonymise = (value: unknown, pseudonym: (text: string) => string) => unknown;

export interface PersonalFields {
  /** The data field naming the identity the personal fields belong to. */
  owner: string;
  /** Personal field → its erased value (fields absent from an event's data are left alone). */
  erased: Readonly<Record<string, unknown>>;
  /** Personal fields whose erased value is made when sealing (kept in plain sight, as the others'). */
  pseudonymised?: Readonly<Record<string, Pseudonymise>>;
}

const pseudonymOfEach: Pseudonymise = (value, pseudonym) => (Array.isArray(value) ? value.map((v) => pseudonym(String(v))) : value);
const pseudonymOf: Pseudonymise = (value, pseudonym) => (typeof value === 'string' ? pseudonym(value) : value);
const pseudonymKeys: Pseudonymise = (value, pseudonym) =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [pseudonym(k), v])) : value;

export const personalFields: Readonly<Record<string, PersonalFields>> = {
  DebateScheduled: { owner: 'hostId', erased: { hostName: DELETED_USER, title: '' } },
  // `name` is the v1 spelling of displayName (see the contracts' upcasters).
  ParticipantJoined: { owner: 'accountId', erased: { displayName: DELETED_USER, name: DELETED_USER } },
  MessagePosted: { owner: 'authorId', erased: { text: '' } },
  // The page references are derived from the text, so they go with it.
  PresentationUpdated: { owner: 'accountId', erased: { content: '', pageRefs: [] } },
  // The options' sides stay: they are how the motion's swing is counted.
  VoteOpened: { owner: 'openedBy', erased: { question: '' }, pseudonymised: { options: pseudonymOfEach } },
  VoteCast: { owner: 'optionsBy', erased: {}, pseudonymised: { option: pseudonymOf } },
  VoteChanged: { owner: 'optionsBy', erased: {}, pseudonymised: { from: pseudonymOf, to: pseudonymOf } },
  VoteClosed: { owner: 'optionsBy', erased: {}, pseudonymised: { tallies: pseudonymKeys } },
};

/**
 * Every moderation action (mute, remove, promote, hide, lock, revoke, invite, …) carries the
 * moderator's free-text reason beside `moderatorId`: matched by shape, so an action added later is
 * covered without being listed here.
 */
const moderationReason: PersonalFields = { owner: 'moderatorId', erased: { reason: '' } };

export type EventData = Record<string, unknown>;

/** The personal fields of this event, or undefined when it holds none. */
export function personalSpec(type: string, data: unknown): PersonalFields | undefined {
  const listed = personalFields[type];
  if (listed) return listed;
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as EventData;
  return typeof d.moderatorId === 'string' && typeof d.reason === 'string' ? moderationReason : undefined;
}

/** The owner of an event's personal fields, or null when the event holds none. */
export function personalOwner(type: string, data: unknown): string | null {
  const spec = personalSpec(type, data);
  if (!spec || typeof data !== 'object' || data === null) return null;
  const owner = (data as EventData)[spec.owner];
  return typeof owner === 'string' ? owner : null;
}

/** Pseudonyms under this data key: "option " and 12 hex digits (48 bits), the same for the same text and key. */
export function pseudonymsOf(key: Buffer, data: EventData): (text: string) => string {
  // A key of its own for pseudonyms, derived from the data key (which only ever encrypts).
  const subkey = createHmac('sha256', key).update('booktalk erasure pseudonyms v1').digest();
  // Per vote, so the same words in two votes do not read as the same option.
  const scope = typeof data.voteId === 'string' ? data.voteId : '';
  return (text) => `option ${createHmac('sha256', subkey).update(`${scope}\u0000${text}`).digest('hex').slice(0, 12)}`;
}

/**
 * The data with every personal field present replaced by its erased value. Pseudonymised fields
 * get theirs only with `pseudonym` (when sealing); without it (reading an erased owner's event)
 * they keep what is stored in plain sight: the pseudonym made when sealing, or, in events written
 * before those fields were sealed, the text itself (documented in the README: its ballots name it too).
 */
export function redact(type: string, data: EventData, pseudonym?: (text: string) => string): EventData {
  const spec = personalSpec(type, data)!;
  const out: EventData = { ...data };
  for (const [field, value] of Object.entries(spec.erased)) if (field in out) out[field] = value;
  if (pseudonym) for (const [field, make] of Object.entries(spec.pseudonymised ?? {})) if (field in out) out[field] = make(out[field], pseudonym);
  return out;
}

/** The personal fields present in the data. */
export function pickPersonal(type: string, data: EventData): EventData {
  const spec = personalSpec(type, data)!;
  const fields = [...Object.keys(spec.erased), ...Object.keys(spec.pseudonymised ?? {})];
  return Object.fromEntries(fields.filter((f) => f in data).map((f) => [f, data[f]]));
}

// The structured side of a timeline line, so a page words it in the reader's language instead of
// showing the English summary: the event's own fields, flattened, with account ids replaced by
// display names and durations in seconds. One generic rule for every event type (no second list
// of events to keep beside summary.ts); the web's templates (web/src/i18n/timelineLines.ts) name
// these fields, and a test there checks every event type has words.
import type { DebateEvent } from '@booktalk/contracts';

export type LineValues = Record<string, string | number>;

/** Fields that hold an account id: their value becomes the person's name. */
const PEOPLE = new Set(['accountId', 'hostId', 'by', 'speaker', 'extendedBy', 'endedBy', 'openedBy', 'closedBy', 'moderatorId', 'targetId', 'authorId', 'answeredBy', 'invitedBy', 'grantedBy', 'a', 'b']);
/**
 * Fields never shown: ids, clocks and wiring, and a ballot's choice (the summary says only that
 * someone voted; the tallies come with the close). A hidden message's text is left out by the caller.
 */
const SKIP = new Set(['at', 'debateId', 'messageId', 'voteId', 'peerId', 'feedId', 'node', 'turnNo', 'startedAt', 'endsAt', 'startAt', 'deadline', 'warnings', 'option', 'from', 'to', 'optionsBy', 'content']);

const seconds = (ms: number) => Math.round(ms / 100) / 10;

export function lineValues(e: DebateEvent, name: (accountId: string | null) => string, { withText = true } = {}): LineValues {
  const out: LineValues = {};
  const put = (key: string, value: unknown): void => {
    if (SKIP.has(key) || value === undefined) return;
    if (value === null) out[key] = PEOPLE.has(key) ? name(null) : '';
    else if (PEOPLE.has(key) && typeof value === 'string') out[key] = name(value);
    else if (typeof value === 'number') {
      out[key] = value;
      if (key.endsWith('Ms')) out[`${key.slice(0, -2)}Seconds`] = seconds(value);
    } else if (typeof value === 'string' || typeof value === 'boolean') out[key] = typeof value === 'boolean' ? String(value) : value;
    else if (Array.isArray(value)) {
      out[key] = value.map((v) => (key === 'order' && typeof v === 'string' ? name(v) : String(v))).join(', ');
      out[`${key}Count`] = value.length;
    } else if (typeof value === 'object') {
      // Tallies read "for 3, against 1"; a nested record (the book) flattens to book_title.
      if (key === 'tallies') out[key] = Object.entries(value as Record<string, number>).map(([o, n]) => `${o} ${n}`).join(', ');
      else for (const [k, v] of Object.entries(value as Record<string, unknown>)) put(`${key}_${k}`, v);
    }
  };
  for (const [key, value] of Object.entries(e.data as Record<string, unknown>)) {
    if (key === 'text' && !withText) continue;
    put(key, value);
  }
  return out;
}

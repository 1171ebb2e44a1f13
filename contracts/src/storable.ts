// What every layer can hold: the one place that defines "a storable string / instant / count".
// Every schema that takes user input builds on these, so nothing the API accepts can be refused
// later by PostgreSQL (text and jsonb refuse NUL, jsonb refuses lone surrogates, timestamptz
// refuses offsets beyond ±15:59, integer columns stop at 2^31 − 1) or by JavaScript (Date).
//
// The JSON Schema that zod derives for the OpenAPI document says the same thing: lengths count
// Unicode code points (as JSON Schema does, not UTF-16 units), and the refused characters are in
// a `pattern` simple enough for any regex dialect (ranges and classes only).
import { z } from 'zod';

/**
 * Refused in every text field: C0 controls (U+0000–U+001F, NUL included), DEL and the C1 controls
 * (U+007F–U+009F). Multi-line fields let TAB, LF and CR through.
 */
const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f';
const CONTROLS_BUT_LINES = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
 * the text around them, so a name holding one reads differently from what was typed ("evil.exe"
 * shown as "exe.live"). Refused in names.
 */
const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069';
/**
 * Characters that show nothing by themselves (with the line separators and the bidi controls
 * above: BLANK): spaces of every width
 * (NBSP, U+2000–U+200A, U+3000 …), zero-width characters and joiners (U+200B–U+200D, U+2060,
 * U+FEFF), bidi marks, the soft hyphen, the combining grapheme joiner, fillers (Hangul U+115F,
 * U+1160, U+3164, U+FFA0; the blank braille pattern U+2800), variation selectors, invisible
 * operators. A field made only of these looks empty; at either end of a line they look like nothing.
 */
const SPACE_LIKE =
  ' \\u00a0\\u00ad\\u034f\\u061c\\u115f\\u1160\\u1680\\u17b4\\u17b5\\u180b-\\u180f\\u2000-\\u200f\\u202f\\u205f-\\u2065\\u206a-\\u206f\\u2800\\u3000\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0';
/** The Unicode line and paragraph separators: a line break in a one-line name. */
const LINE_SEPARATORS = '\\u2028\\u2029';
const BLANK = SPACE_LIKE + LINE_SEPARATORS + BIDI_CONTROLS;
/** Refused anywhere in a name, besides the controls. */
const NOT_IN_NAMES = BIDI_CONTROLS + LINE_SEPARATORS;
/* eslint-disable no-misleading-character-class -- these classes hold joiners and variation selectors on
   purpose, each as one character to refuse or trim, never as part of a sequence. */
/** One line: no controls, and nothing blank at either end (we refuse rather than trim silently). */
const SINGLE_LINE = new RegExp(`^([^${BLANK}${CONTROLS}]([^${CONTROLS}]*[^${BLANK}${CONTROLS}])?)?$`);
const MULTI_LINE = new RegExp(`^[^${CONTROLS_BUT_LINES}]*$`);
/** Multi-line and required: at least one character that is not a space, TAB, LF, CR or invisible. */
const MULTI_LINE_FILLED = new RegExp(`^[^${CONTROLS_BUT_LINES}]*[^\\t\\n\\r${BLANK}${CONTROLS_BUT_LINES}][^${CONTROLS_BUT_LINES}]*$`);
/** Something a reader can see. */
const VISIBLE = new RegExp(`[^\\t\\n\\r${BLANK}${CONTROLS}]`);
const HAS_CONTROL = new RegExp(`[${CONTROLS}]`);
const HAS_BIDI_CONTROL = new RegExp(`[${BIDI_CONTROLS}]`);
const HAS_LINE_SEPARATOR = new RegExp(`[${LINE_SEPARATORS}]`);
const SPACE_LIKE_ENDS = new RegExp(`^[${SPACE_LIKE}]+|[${SPACE_LIKE}]+$`, 'g');
/**
 * A name as typed: blanks at either end (they are trimmed), something visible, one line, no bidi
 * controls anywhere. The pattern the document states for names.
 */
const NAME_AS_TYPED = new RegExp(
  `^[${SPACE_LIKE}]*[^${BLANK}${CONTROLS}]([^${NOT_IN_NAMES}${CONTROLS}]*[^${BLANK}${CONTROLS}])?[${SPACE_LIKE}]*$`,
);
/* eslint-enable no-misleading-character-class */

/** A UTF-16 surrogate without its partner: PostgreSQL's jsonb refuses it, UTF-8 cannot encode it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export interface TextOptions {
  min?: number;
  max: number;
  /** Chat, notes, reasons: LF, CR and TAB allowed. Default false (titles, names, options). */
  multiline?: boolean;
}

/** A string every layer can store. Lengths in code points (an emoji counts 1, as users count). */
export function storableText({ min = 0, max, multiline = false }: TextOptions) {
  const pattern = multiline ? (min > 0 ? MULTI_LINE_FILLED : MULTI_LINE) : SINGLE_LINE;
  const rule = multiline
    ? `no control characters other than tab and line breaks${min > 0 ? ', and not only whitespace or invisible characters' : ''}`
    : 'one line: no control characters, and no space at the start or end (nor an invisible character)';
  return z
    .string()
    // First, and alone when it fails: a required field of only blanks gets this one clear message.
    .refine((s) => min === 0 || s === '' || VISIBLE.test(s), { message: NOTHING_VISIBLE, abort: true })
    .regex(pattern, { message: `must be ${rule}` })
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'must be valid Unicode (a lone surrogate was found)' })
    .refine((s) => codePoints(s) >= min, { message: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .refine((s) => codePoints(s) <= max, { message: `must be at most ${max} characters` })
    .meta({ minLength: min, maxLength: max });
}

const NOTHING_VISIBLE = 'must contain a visible character, not only spaces or invisible characters (such as no-break or zero-width spaces)';

/**
 * A person's name (display names, guest names): one line of at most `max` characters with
 * something visible in it. Spaces and invisible characters at either end are trimmed, not refused
 * (a name pasted with a trailing space is what its owner meant); bidi override characters are
 * refused anywhere. `max` counts the name as sent.
 */
export function storableName({ max }: { max: number }) {
  return z
    .string()
    .superRefine((s, ctx) => {
      const problem =
        s === ''
          ? 'must not be empty'
          : HAS_CONTROL.test(s) || HAS_LINE_SEPARATOR.test(s)
            ? 'must be one line, without control characters'
            : LONE_SURROGATE.test(s)
              ? 'must be valid Unicode (a lone surrogate was found)'
              : HAS_BIDI_CONTROL.test(s)
                ? 'must not contain bidirectional override characters (U+202A–U+202E, U+2066–U+2069): they make a name read differently from what was typed'
                : !VISIBLE.test(s)
                  ? NOTHING_VISIBLE
                  : codePoints(s) > max
                    ? `must be at most ${max} characters`
                    : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ minLength: 1, maxLength: max, pattern: NAME_AS_TYPED.source })
    .transform((s) => s.replace(SPACE_LIKE_ENDS, ''));
}

// ---- Instants ----------------------------------------------------------------------------------

/**
 * Years an instant may fall in, after conversion to UTC: both JavaScript's Date and PostgreSQL's
 * timestamptz hold them, and the ISO form stays four digits.
 */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** RFC 3339 date-time with seconds and an offset (Z or ±hh:mm), which is what `date-time` means. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** ms since the epoch, or null when the text is not a real instant (month 13, Feb 30, offset 24:00). */
export function parseInstant(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , , oh, om] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return null;
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0); // day 0 of the next month: the last day of this one
  if (day > lastDay.getUTCDate()) return null;
  const ms = Date.parse(text.toUpperCase());
  return Number.isNaN(ms) ? null : ms;
}

const inRange = (ms: number) => {
  const year = new Date(ms).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

/** Canonical form: UTC, milliseconds, `Z` (what `Date#toISOString` gives inside the year range). */
export const toUtcIso = (ms: number): string => new Date(ms).toISOString();

/**
 * An instant from a client: RFC 3339 with seconds and any offset, normalised to UTC. Refused when
 * it is not a real date-time or falls outside years 1–9999 once in UTC.
 */
export const Instant = z
  .string()
  .meta({ format: 'date-time', description: 'RFC 3339 date-time with an offset, e.g. 2030-01-01T18:00:00Z; stored in UTC' })
  .transform((text, ctx) => {
    const ms = parseInstant(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an RFC 3339 date-time with seconds and an offset, e.g. 2030-01-01T18:00:00Z' });
      return z.NEVER;
    }
    if (!inRange(ms)) {
      ctx.addIssue({ code: 'custom', message: `must fall in the years ${MIN_YEAR}–${MAX_YEAR} (UTC)` });
      return z.NEVER;
    }
    return toUtcIso(ms);
  });

/**
 * An instant read back from stored events. Lenient on purpose (old events were written before
 * `Instant` existed) but normalised the same way, so a stored "-22:00" offset heals on read.
 */
export const StoredInstant = z.string().transform((text, ctx) => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'not an ISO date-time' });
    return z.NEVER;
  }
  return inRange(ms) ? toUtcIso(ms) : text;
});

// ---- Counts ------------------------------------------------------------------------------------

/** The largest value of a PostgreSQL `integer` column. */
export const INT32_MAX = 2 ** 31 - 1;
/** The largest integer JavaScript numbers (and JSON parsers) hold exactly. */
export const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/** An integer in [min, max]; max defaults to what an `integer` column holds. */
export const storableInt = (min = 0, max = INT32_MAX) => z.number().int().min(min).max(max);

/**
 * The same from a query string ("12"): digits only, no exponent, no sign unless min < 0. The
 * document shows it as the integer it is, with its bounds.
 */
export const queryInt = (min = 0, max = SAFE_MAX) =>
  z
    .string()
    .regex(min < 0 ? /^-?\d{1,16}$/ : /^\d{1,16}$/, { message: 'must be a decimal integer' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ type: 'integer', minimum: min, maximum: max } as Record<string, unknown>);

// The storable rules: what the schemas accept is what PostgreSQL and JavaScript can hold.
/* eslint-disable no-control-regex -- these tests are about control characters */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instant, StoredInstant, codePoints, queryInt, storableText } from '../src/index.ts';

const title = storableText({ min: 3, max: 10 });
const chat = storableText({ min: 1, max: 10, multiline: true });
const notes = storableText({ max: 10, multiline: true });

/** Characters PostgreSQL text/jsonb or UTF-8 cannot hold, or that have no business in a field. */
const isControl = (c: string) => /[\u0000-\u001f\u007f-\u009f]/.test(c);
/** Spaces of every width, zero-width characters, bidi marks and controls, fillers: what shows nothing. */
const BLANKS = [
  ' ', '\u00a0', '\u00ad', '\u034f', '\u061c', '\u115f', '\u1160', '\u1680', '\u17b4', '\u17b5', '\u180e', '\u2000', '\u2007', '\u200a', '\u200b',
  '\u200c', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u202f', '\u205f', '\u2060', '\u2066', '\u2069', '\u206f',
  '\u2800', '\u3000', '\u3164', '\ufe0f', '\ufeff', '\uffa0',
];
const isBlank = (c: string | undefined) => c !== undefined && BLANKS.includes(c);
const hasLoneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('storable text', () => {
  it('refuses a NUL byte in a single-line field', () => {
    expect(title.safeParse('ab\u0000c').success).toBe(false);
  });
  it('refuses a NUL byte in a multi-line field', () => {
    expect(chat.safeParse('ab\u0000c').success).toBe(false);
  });
  it('lets line breaks and tabs through in multi-line fields only', () => {
    expect(chat.safeParse('a\n\tb\r\n').success).toBe(true);
    expect(title.safeParse('ab\ncd').success).toBe(false);
  });
  it('refuses a required multi-line field that holds only whitespace', () => {
    expect(chat.safeParse(' \n\t ').success).toBe(false);
    expect(notes.safeParse(' \n').success).toBe(true);
  });
  it('counts length in code points, as JSON Schema and users do', () => {
    const emoji = '😀'.repeat(10);
    expect(emoji.length).toBe(20);
    expect(title.safeParse(emoji).success).toBe(true);
    expect(title.safeParse(emoji + 'x').success).toBe(false);
  });
  it('refuses a lone surrogate but keeps a pair', () => {
    expect(title.safeParse('ab\ud800c').success).toBe(false);
    expect(title.safeParse('ab\ud83d\ude00c').success).toBe(true);
  });
  it('accepts exactly the strings that are storable, within bounds, with nothing blank at the ends', () => {
    // Half the characters drawn from the blanks, so the property meets them often.
    const unit = fc.oneof(fc.constantFrom(...BLANKS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 14 }).map((parts) => parts.join('')), (s) => {
        const chars = [...s];
        const expected =
          !chars.some(isControl) && !hasLoneSurrogate(s) && !isBlank(chars[0]) && !isBlank(chars.at(-1)) && codePoints(s) >= 3 && codePoints(s) <= 10;
        expect(title.safeParse(s).success).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  }, 30_000);
  it('refuses a required field made only of no-break, zero-width or ideographic spaces, with a message that says so', () => {
    for (const blank of ['\u00a0\u00a0\u00a0', '\u200b\u200c\u200d', '\u3000\u3000\u3000', '\u2060\ufeff\u3164']) {
      const t = title.safeParse(blank);
      const c = chat.safeParse(`${blank}\n${blank}`);
      expect(t.success || c.success).toBe(false);
      expect(t.error!.issues.map((i) => i.message)).toEqual(['must contain a visible character, not only spaces or invisible characters (such as no-break or zero-width spaces)']);
      expect(c.error!.issues.map((i) => i.message)).toEqual(['must contain a visible character, not only spaces or invisible characters (such as no-break or zero-width spaces)']);
    }
    expect(chat.safeParse('\u00a0hi\u3000').success).toBe(true);
    expect(notes.safeParse('\u00a0').success).toBe(true);
  });
  it('never accepts a string that PostgreSQL jsonb would refuse', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (s) => {
        const parsed = chat.safeParse(s);
        if (parsed.success) {
          expect(parsed.data.includes('\u0000')).toBe(false);
          expect(hasLoneSurrogate(parsed.data)).toBe(false);
        }
      }),
      { numRuns: 2_000 },
    );
  });
  it('describes its limits in the JSON Schema of the OpenAPI document', async () => {
    const { z } = await import('zod');
    const js = z.toJSONSchema(title, { io: 'input' }) as Record<string, unknown>;
    expect(js).toMatchObject({ type: 'string', minLength: 3, maxLength: 10 });
    expect(typeof js.pattern).toBe('string');
  });
});

describe('instants', () => {
  it('normalises any offset to UTC', () => {
    expect(Instant.parse('2030-01-01T00:00:00-22:00')).toBe('2030-01-01T22:00:00.000Z');
    expect(Instant.parse('2000-01-01T00:00:00+20:00')).toBe('1999-12-31T04:00:00.000Z');
  });
  it('requires seconds and an offset', () => {
    expect(Instant.safeParse('2030-01-01T00:00Z').success).toBe(false);
    expect(Instant.safeParse('2030-01-01T00:00:00').success).toBe(false);
  });
  it('refuses dates that do not exist', () => {
    expect(Instant.safeParse('2031-02-29T00:00:00Z').success).toBe(false);
    expect(Instant.safeParse('2030-13-01T00:00:00Z').success).toBe(false);
    expect(Instant.safeParse('2032-02-29T00:00:00Z').success).toBe(true);
  });
  it('refuses an instant that leaves the four-digit years once in UTC', () => {
    expect(Instant.safeParse('9999-12-31T23:00:00-05:00').success).toBe(false);
    expect(Instant.safeParse('0001-01-01T00:00:00+01:00').success).toBe(false);
  });
  it('gives every accepted instant in the one canonical UTC form', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0002-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (date, offsetMin) => {
          const local = new Date(date.getTime() + offsetMin * 60_000).toISOString().slice(0, 19);
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const expected = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
          expect(Instant.parse(text)).toBe(expected);
        },
      ),
      { numRuns: 1_000 },
    );
  });
  it('heals an instant already stored with an unusual offset', () => {
    expect(StoredInstant.parse('2030-01-01T00:00:00-22:00')).toBe('2030-01-01T22:00:00.000Z');
  });
});

describe('query integers', () => {
  it('accepts positions up to 2^53 − 1 and refuses beyond', () => {
    expect(queryInt(0).parse('9007199254740991')).toBe(9007199254740991);
    expect(queryInt(0).safeParse('9007199254740992').success).toBe(false);
  });
  it('refuses exponents, signs and blanks', () => {
    for (const bad of ['1e3', '-1', '', ' 1', '0x10']) expect(queryInt(0).safeParse(bad).success).toBe(false);
  });
});

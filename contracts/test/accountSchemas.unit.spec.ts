// What a person may call themselves and choose as a password, on every edge that takes them (sign-up,
// guest sessions, profile changes): the contracts' schemas, so HTTP and the socket cannot differ.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DisplayName, GuestSessionRequest, Password, SignUpRequest, UpdateMeRequest, graphemes } from '../src/index.ts';

const messages = (r: { success: boolean; error?: z.ZodError }) => r.error?.issues.map((i) => i.message) ?? [];

describe('display names', () => {
  it('trims spaces and invisible characters at either end instead of refusing the name', () => {
    expect(DisplayName.parse('Ada ')).toBe('Ada');
    expect(DisplayName.parse(' \u00a0Ada Lovelace\u3000\u200b')).toBe('Ada Lovelace');
    expect(GuestSessionRequest.parse({ displayName: 'Emma  ' })).toEqual({ displayName: 'Emma' });
    expect(UpdateMeRequest.parse({ displayName: '\u00a0Kim Ji-woo' }).displayName).toBe('Kim Ji-woo');
  });

  it('refuses a name made only of no-break, zero-width or ideographic spaces, with a message that says so', () => {
    for (const blank of ['\u00a0', '\u00a0\u00a0\u00a0', '\u200b', '\u200b\u200c\u200d\u2060', '\u3000\u3000', '\u3164', '\u2800', '\ufeff', ' ']) {
      const r = DisplayName.safeParse(blank);
      expect(r.success, JSON.stringify(blank)).toBe(false);
      expect(messages(r)).toEqual(['must contain a visible character, not only spaces or invisible characters (such as no-break or zero-width spaces)']);
    }
  });

  it('refuses a bidirectional override or isolate anywhere in a name', () => {
    for (const name of ['Ada\u202eecalevol', '\u202eAda', 'Ada\u202e', 'Ada\u2066x\u2069', 'a\u202ab', 'a\u202db']) {
      const r = DisplayName.safeParse(name);
      expect(r.success, JSON.stringify(name)).toBe(false);
      expect(messages(r)[0]).toMatch(/^must not contain bidirectional override characters/);
    }
    // Marks that only nudge the direction of neutral characters stay: Hebrew and Arabic names use them.
    expect(DisplayName.parse('שרה\u200f (Sara)')).toBe('שרה\u200f (Sara)');
  });

  it('keeps a name on one line and at most 60 characters as sent', () => {
    expect(messages(DisplayName.safeParse('Ada\nLovelace'))).toEqual(['must be one line, without control characters']);
    expect(messages(DisplayName.safeParse('Ada\u2028Lovelace'))).toEqual(['must be one line, without control characters']);
    expect(DisplayName.safeParse('x'.repeat(60)).success).toBe(true);
    expect(messages(DisplayName.safeParse('x'.repeat(61)))).toEqual(['must be at most 60 characters']);
    expect(DisplayName.parse('김지우 🐳')).toBe('김지우 🐳');
  });

  it('states the same rule in the document: the pattern accepts exactly what the schema accepts', () => {
    const js = z.toJSONSchema(DisplayName, { io: 'input', unrepresentable: 'any' }) as { pattern: string; minLength: number; maxLength: number };
    expect(js).toMatchObject({ minLength: 1, maxLength: 60 });
    const pattern = new RegExp(js.pattern);
    for (const name of ['Ada', ' Ada ', '\u00a0', '\u3000x\u3000', 'a\u202eb', 'a\nb', 'a\u2028b', '\u200b', 'Kim  Ji', '\u202e']) {
      expect(pattern.test(name), JSON.stringify(name)).toBe(DisplayName.safeParse(name).success);
    }
  });
});

describe('passwords', () => {
  it('count what a person sees as characters: five emoji are five, not ten', () => {
    // Issue 19: the 10-character minimum counted UTF-16 units, so five emoji passed.
    expect('😀😀😀😀😀'.length).toBe(10);
    expect(graphemes('😀😀😀😀😀')).toBe(5);
    expect(messages(Password.safeParse('😀😀😀😀😀'))).toEqual(['must be at least 10 characters']);
    expect(Password.safeParse('😀'.repeat(10)).success).toBe(true);
    // A skin-tone emoji, a family and an accent built from two code points each count once.
    expect(graphemes('👍🏽👨‍👩‍👧e\u0301')).toBe(3);
    expect(Password.safeParse('👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽').success).toBe(false);
    expect(Password.safeParse('e\u0301'.repeat(9)).success).toBe(false);
    expect(Password.safeParse('correct horse').success).toBe(true);
  });

  it('refuses them at sign-up with the field named', () => {
    const r = SignUpRequest.safeParse({ username: 'emoji-fan', displayName: 'Fan', password: '🙂🙂🙂🙂🙂' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['password'], message: 'must be at least 10 characters' });
  });

  it('keep a ceiling of 200 characters', () => {
    expect(Password.safeParse('a'.repeat(200)).success).toBe(true);
    expect(messages(Password.safeParse('a'.repeat(201)))).toEqual(['must be at most 200 characters']);
  });
});

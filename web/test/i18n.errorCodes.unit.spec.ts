// Every refusal the server can send reads in both languages, with no code, path or English
// server message on the page. The codes are read from the server's sources, so a new code
// without words here fails this test instead of reaching a Korean page as English.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { ko } from '../src/i18n/ko.ts';
import { errorText, waitText } from '../src/lib/errorText.ts';
import { applyZodLocale } from '../src/lib/zodLocale.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [readFileSync(p, 'utf8')] : [];
  });

const domainCodes = [...readFileSync(path.join(ROOT, 'services/domain/src/errors.ts'), 'utf8').matchAll(/^ {2}([A-Z][A-Z_]+): '/gm)].map((m) => m[1]!);
const edgeCodes = new Set(
  ['api', 'accounts', 'signaling', 'app', 'query'].flatMap((w) =>
    sources(path.join(ROOT, 'services', w, 'src')).flatMap((s) => [
      ...[...s.matchAll(/(?:Error|Refusal)\(\s*(?:\d+\s*,\s*)?'([A-Z][A-Z_]+)'/g)].map((m) => m[1]!),
      ...[...s.matchAll(/code: '([A-Z][A-Z_]+)'/g)].map((m) => m[1]!),
    ]),
  ),
);

const lookup = (messages: typeof en) => {
  const errors = messages.errors as Record<string, string>;
  const t = (key: string, values: Record<string, unknown> = {}) => (errors[key.slice('errors.'.length)] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));
  const te = (key: string) => key.slice('errors.'.length) in errors;
  return { t, te };
};

describe('error codes in both languages', () => {
  it('reads the codes from the server (the scan is not empty)', () => {
    expect(domainCodes.length).toBeGreaterThan(40);
    expect([...edgeCodes]).toEqual(expect.arrayContaining(['RATE_LIMITED', 'INVALID_CREDENTIALS', 'ACCOUNT_REQUIRED', 'VALIDATION_FAILED']));
  });

  it.each([...new Set([...domainCodes, ...edgeCodes])])('%s has English and Korean words', (code) => {
    expect((en.errors as Record<string, string>)[code], `en ${code}`).toEqual(expect.any(String));
    const words = (ko.errors as Record<string, string>)[code];
    expect(words, `ko ${code}`).toEqual(expect.any(String));
    expect(words, `ko ${code} is Korean`).toMatch(/[\uAC00-\uD7A3]/);
  });
});

describe('errorText', () => {
  it('words a refusal in Korean without its code or the server’s English message', () => {
    const { t, te } = lookup(ko);
    const text = errorText({ code: 'INVALID_STATUS' }, t, te, 'ko');
    expect(text).toBe('토론의 지금 단계에서는 할 수 없습니다.');
    expect(errorText({ code: 'INVALID_CREDENTIALS' }, t, te, 'ko')).not.toMatch(/[A-Za-z]/);
  });

  it('says a rate limit’s wait as a relative time: 895 s is “15분 후”, not “895 s”', () => {
    expect(errorText({ code: 'RATE_LIMITED', retryAfterSeconds: 895 }, lookup(ko).t, lookup(ko).te, 'ko')).toContain('15분 후');
    expect(errorText({ code: 'RATE_LIMITED', retryAfterSeconds: 895 }, lookup(en).t, lookup(en).te, 'en')).toContain('in 15 minutes');
    expect(waitText(30, 'en')).toBe('in 30 seconds');
    expect(waitText(7200, 'ko')).toBe('2시간 후');
  });

  it('a code the page does not know reads as the generic line, never as the code', () => {
    const { t, te } = lookup(ko);
    const text = errorText({ code: 'SOMETHING_NEW' }, t, te, 'ko');
    expect(text).toBe(ko.errors.unknown);
    expect(text).not.toContain('SOMETHING_NEW');
  });
});

describe('zod messages in Korean', () => {
  afterEach(() => applyZodLocale('en'));
  it('names no English type: “600 이하로 입력하세요”, not “number이 너무 큽니다”', () => {
    applyZodLocale('ko');
    const big = z.number().max(600).safeParse(601);
    expect(big.error?.issues[0]?.message).toBe('600 이하로 입력하세요');
    expect(z.string().max(5).safeParse('toolong').error?.issues[0]?.message).toBe('5자 이하로 입력하세요');
    expect(z.object({ a: z.string() }).safeParse({}).error?.issues[0]?.message).toBe('필수 항목입니다');
  });
  it('in English too', () => {
    applyZodLocale('en');
    expect(z.string().min(3).safeParse('ab').error?.issues[0]?.message).toBe('must be at least 3 characters');
  });
});

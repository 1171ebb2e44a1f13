import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { initialLocale, rememberLocale } from '../src/i18n/index.ts';
import { ko } from '../src/i18n/ko.ts';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('i18n', () => {
  it('has a Korean message for every English key', () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
  });

  it('remembers the chosen language', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    rememberLocale('ko', storage);
    expect(initialLocale(storage, ['en-US'])).toBe('ko');
    expect(document.documentElement.lang).toBe('ko');
  });

  it('follows the browser language on a first visit', () => {
    const empty = { getItem: () => null };
    expect(initialLocale(empty, ['ko-KR', 'en'])).toBe('ko');
    expect(initialLocale(empty, ['fr-FR'])).toBe('en');
  });
});

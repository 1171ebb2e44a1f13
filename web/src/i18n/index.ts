// vue-i18n with English and Korean; the choice is remembered in localStorage, and the first
// visit follows the browser's language.
import { createI18n } from 'vue-i18n';
import { en } from './en.ts';
import { ko } from './ko.ts';

export const locales = ['en', 'ko'] as const;
export type Locale = (typeof locales)[number];
const STORAGE_KEY = 'booktalk.locale';

const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (locales as readonly string[]).includes(v);

export function initialLocale(storage: Pick<Storage, 'getItem'> = localStorage, languages: readonly string[] = navigator.languages): Locale {
  const saved = storage.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  return languages.some((l) => l.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

export function createAppI18n(locale: Locale = initialLocale()) {
  return createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, ko } });
}
export type AppI18n = ReturnType<typeof createAppI18n>;

/** Remembers the language and keeps <html lang> right for screen readers. */
export function rememberLocale(locale: Locale, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export const isSupportedLocale = isLocale;

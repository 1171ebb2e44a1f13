// zod's own messages (too short, too big, ...) in the UI language, so inline errors from the
// shared schemas read in Korean too. Messages the schemas spell out themselves stay as written.
import { z } from 'zod';
import en from 'zod/v4/locales/en.js';
import ko from 'zod/v4/locales/ko.js';
import type { Locale } from '../i18n/index.ts';

export const applyZodLocale = (locale: Locale): void => {
  z.config(locale === 'ko' ? ko() : en());
};

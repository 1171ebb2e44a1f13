// One way to word an error for a person: the server's stable code in the page's language
// (i18n/errorCodes.ts), a wait as a relative time ("in 15 minutes", "15분 후"), never the code,
// a request path or the server's English message. A code the page has no words for reads as
// the generic "Something went wrong" line; the code stays on the element for support.
import { useI18n } from 'vue-i18n';

export interface ErrorLike {
  code: string | null;
  retryAfterSeconds?: number | undefined;
  /** Placeholder values a notice carries (e.g. `{n}` seconds). */
  params?: Record<string, string | number> | undefined;
}
type Translate = (key: string, values?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

/** A wait in seconds as a relative time in the page's language, in the largest unit that fits. */
export function waitText(seconds: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (seconds < 60) return rtf.format(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds < 3600) return rtf.format(Math.ceil(seconds / 60), 'minute');
  return rtf.format(Math.ceil(seconds / 3600), 'hour');
}

export function errorText(e: ErrorLike, t: Translate, te: Has, locale: string): string {
  const seconds = e.retryAfterSeconds ?? (typeof e.params?.n === 'number' ? e.params.n : undefined);
  const values = { ...e.params, wait: seconds !== undefined ? waitText(seconds, locale) : t('errors.later') };
  return e.code && te(`errors.${e.code}`) ? t(`errors.${e.code}`, values) : t('errors.unknown', values);
}

/** `errorText` bound to the component's i18n. */
export function useErrorText(): (e: ErrorLike) => string {
  const { t, te, locale } = useI18n();
  return (e) => errorText(e, t, te, locale.value);
}

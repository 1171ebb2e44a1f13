// zod's own messages (too short, too big, ...) in the UI language, so inline errors from the
// shared schemas read in Korean too. zod's Korean locale names the type in English ("number이 너무
// 큽니다"), so the common issues get plain sentences first; the rest fall through to the locale.
// Messages the schemas spell out themselves stay as written (lib/issueText.ts words those).
import { z } from 'zod';
import en from 'zod/v4/locales/en.js';
import ko from 'zod/v4/locales/ko.js';
import type { Locale } from '../i18n/index.ts';

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

const unitKo = (origin: unknown) => (origin === 'string' ? '자' : origin === 'array' || origin === 'set' ? '개' : '');
const unitEn = (origin: unknown, n: number | bigint) => (origin === 'string' ? ` character${n === 1 ? '' : 's'}` : origin === 'array' || origin === 'set' ? ` item${n === 1 ? '' : 's'}` : '');

export function koreanIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_big':
      return `${issue.maximum.toString()}${unitKo(issue.origin)} ${issue.inclusive ? '이하' : '미만'}로 입력하세요`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return '비워 둘 수 없습니다';
      return `${issue.minimum.toString()}${unitKo(issue.origin)} ${issue.inclusive ? '이상' : '초과'}로 입력하세요`;
    case 'invalid_type':
      return issue.input === undefined ? '필수 항목입니다' : '형식이 맞지 않습니다';
    case 'invalid_value':
      return '허용되지 않는 값입니다';
    case 'invalid_format':
      return '형식이 맞지 않습니다';
    default:
      return undefined;
  }
}

export function englishIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum.toString()}${unitEn(issue.origin, issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum.toString()}${unitEn(issue.origin, issue.minimum)}`;
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : undefined;
    default:
      return undefined;
  }
}

export const applyZodLocale = (locale: Locale): void => {
  z.config({ ...(locale === 'ko' ? ko() : en()), customError: locale === 'ko' ? koreanIssue : englishIssue });
};

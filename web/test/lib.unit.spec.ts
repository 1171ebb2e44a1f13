import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../src/lib/fieldErrors.ts';
import { localizeIssue } from '../src/lib/issueText.ts';

describe('fieldErrors', () => {
  it('keeps the first message per dotted field path', () => {
    expect(fieldErrors([
      { path: ['book', 'title'], message: 'a' },
      { path: ['book', 'title'], message: 'b' },
      { path: ['motion'], message: 'c' },
      { path: [], message: 'form-level' },
    ])).toEqual({ 'book.title': 'a', motion: 'c' });
  });
});

describe('localizeIssue', () => {
  const t = (key: string, values?: Record<string, unknown>) => `${key}:${String(values?.n)}`;
  it('translates the schemas’ length messages with their number', () => {
    expect(localizeIssue('must be at least 3 characters', t)).toBe('validation.minChars:3');
    expect(localizeIssue('must be at most 200 characters', t)).toBe('validation.maxChars:200');
  });
  it('leaves other messages as written', () => {
    expect(localizeIssue('ISBN-10 or ISBN-13, digits only', t)).toBe('ISBN-10 or ISBN-13, digits only');
  });
});

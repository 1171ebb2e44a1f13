// The shared schemas spell some messages out in English ("must be at least 3 characters"); these
// are the common ones, put back into the UI language. Anything else is shown as written.
type Translate = (key: string, values?: Record<string, unknown>) => string;

const patterns: [RegExp, string][] = [
  [/^must be at least (\d+) characters$/, 'validation.minChars'],
  [/^must be at most (\d+) characters$/, 'validation.maxChars'],
  [/^must not be empty$/, 'validation.notEmpty'],
  [/^is required$/, 'validation.required'],
];

export function localizeIssue(message: string, t: Translate): string {
  for (const [re, key] of patterns) {
    const m = re.exec(message);
    if (m) return t(key, { n: m[1] });
  }
  return message;
}

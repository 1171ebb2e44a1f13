// zod issues (from a local safeParse or a server 400) → the first message per top-level field
// path, joined with dots ("book.title"), for inline errors next to inputs.
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

export function fieldErrors(issues: readonly IssueLike[], text: (message: string) => string = (m) => m): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.filter((p) => typeof p !== 'symbol').join('.');
    if (key && !(key in out)) out[key] = text(i.message);
  }
  return out;
}

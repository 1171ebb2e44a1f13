// One CSV cell, safe to open in a spreadsheet (OWASP "CSV Injection"). Audit reasons are free text
// typed by moderators, so a cell must never be run as a formula by Excel, LibreOffice or Sheets.
//
// A spreadsheet runs a cell that starts with = + - @ (or tab / CR, which some of them skip first).
// Checking only the first character misses what the issue found:
// - invisible characters before the trigger (a zero-width space, a BOM, a bidi mark, NBSP, the
//   ideographic space U+3000): some importers drop them, so they are skipped when looking;
// - compatibility forms (fullwidth ＝ ＋ － ＠, small ﹦ ﹢ ﹣ ＠): importers and IMEs fold them to
//   ASCII, so the cell is looked at in its NFKC form;
// - the separator inside the cell followed by a trigger (`;=1+1`, `,=…`, a tab or line break then
//   `=`): in a locale whose list separator is `;` (or when a file is imported as tab- or
//   semicolon-separated) our quoting does not hold and that part starts a cell of its own.
// Each such trigger gets an apostrophe in front of it (the start of the cell, or right after the
// separator), which spreadsheets show as text; the cell is then quoted RFC 4180 style. The visible
// text changes by those apostrophes only, which is what OWASP recommends for exports.

/** Characters a spreadsheet may skip before looking at the first one: format, space and control-like. */
const INVISIBLE = /[\p{Cf}\p{Zs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u;
const TRIGGER = /[=+\-@\t\r\n]/;
/** The separators any importer may split on: comma, semicolon, tab, line breaks (and their fullwidth forms, via NFKC). */
const SEPARATOR = /[,;\t\r\n]/;

const folded = (ch: string): string => ch.normalize('NFKC');

/** The index of the first character after `from` that is not invisible, or -1. */
function firstVisible(chars: readonly string[], from: number): number {
  for (let i = from; i < chars.length; i++) if (!INVISIBLE.test(chars[i]!)) return i;
  return -1;
}

const isTrigger = (ch: string | undefined): boolean => ch !== undefined && TRIGGER.test(folded(ch).charAt(0));

/** The value with an apostrophe before every character a spreadsheet would take as the start of a formula. */
export function defuseFormulas(value: string): string {
  const chars = Array.from(value);
  const out: string[] = [];
  // Where a cell may begin: the start of the value, and right after every separator.
  let cellStart = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (cellStart) {
      const at = firstVisible(chars, i);
      // A trigger directly at a cell start (tab / CR / LF are triggers and separators both).
      if (at !== -1 && isTrigger(chars[at])) {
        out.push(...chars.slice(i, at), "'");
        i = at;
        out.push(chars[i]!);
        cellStart = SEPARATOR.test(folded(chars[i]!));
        continue;
      }
    }
    out.push(ch);
    cellStart = SEPARATOR.test(folded(ch));
  }
  return out.join('');
}

/** RFC 4180 quoting (and `;` too, for semicolon locales) of a defused value. */
export function csvCell(value: string | null): string {
  const v = defuseFormulas(value ?? '');
  return /[",;\r\n\t]/.test(v) || v !== v.trim() || v !== (value ?? '') ? `"${v.replaceAll('"', '""')}"` : v;
}

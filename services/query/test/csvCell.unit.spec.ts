import { describe, expect, it } from 'vitest';
import { csvCell, defuseFormulas } from '../src/read/csvCell.ts';

/** How a spreadsheet importer could see the cell: split on any separator, invisible characters skipped, NFKC folded. */
function cellsAsImported(cell: string): string[] {
  const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
  return unquoted
    .normalize('NFKC')
    .split(/[,;\t\r\n]/)
    .map((part) => part.replace(/^[\p{Cf}\p{Zs}\p{Zl}\p{Zp}\u3164]+/u, ''));
}
const runsAsFormula = (cell: string) => cellsAsImported(cell).some((part) => /^[=+\-@]/.test(part));

describe('csvCell', () => {
  it('quotes RFC 4180 style and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
  });

  it.each([
    ['a semicolon before =', ';=1+1', ";'=1+1"],
    ['a comma before =', 'spam,=1+1', "spam,'=1+1"],
    ['a fullwidth equals sign', '＝1+1', "'＝1+1"],
    ['a small equals sign', '﹦1+1', "'﹦1+1"],
    ['a fullwidth plus after a fullwidth semicolon', 'x；＋1', "x；'＋1"],
    ['a zero-width space before =', '\u200B=1+1', "\u200B'=1+1"],
    ['a BOM and NBSP before @', '\uFEFF\u00A0@SUM(A1)', "\uFEFF\u00A0'@SUM(A1)"],
    ['an ideographic space before -', '\u3000-2+3', "\u3000'-2+3"],
    ['a line break, then =', 'ok\n=cmd|" /C calc"!A0', "ok\n'=cmd|\" /C calc\"!A0"],
    ['a leading tab', '\t=1', "'\t'=1"],
  ])('defuses %s', (_name, value, defused) => {
    expect(defuseFormulas(value)).toBe(defused);
    expect(runsAsFormula(csvCell(value).replaceAll("'", ''))).toBe(true); // the probe sees the attack …
    expect(runsAsFormula(csvCell(value))).toBe(false); // … and the apostrophe stops it
  });

  it('leaves text without a formula trigger at a cell start as it was', () => {
    for (const text of ['Spam, twice', 'off-topic', 'a = b', 'e-mail me@example.org', '반대 의견']) expect(defuseFormulas(text)).toBe(text);
  });

  it('defuses every combination of invisible prefix, trigger and separator', () => {
    const invisibles = ['', ' ', '\u200B', '\u200E', '\u2060', '\uFEFF', '\u00A0', '\u3000', '\u200B\u00A0'];
    const triggers = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫'];
    const befores = ['', 'x,', 'x;', 'x\t', 'x\r\n', 'x，', 'x；'];
    for (const before of befores)
      for (const invisible of invisibles)
        for (const trigger of triggers) {
          const cell = csvCell(`${before}${invisible}${trigger}1+1`);
          expect(runsAsFormula(cell), JSON.stringify(cell)).toBe(false);
        }
  });

  it('quotes cells holding a semicolon, so semicolon locales keep them whole', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
  });
});

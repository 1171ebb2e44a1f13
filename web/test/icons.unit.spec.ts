// Icons are SVG (lucide), never characters: an emoji or a symbol from the arrows, shapes or
// dingbats blocks is drawn from whatever fonts a machine has (a colour emoji here, an empty box on
// a kiosk without emoji fonts). The fonts e2e test checks two pages in Chromium; this reads every
// component's template.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', 'src');
const ICON_LIKE = /[\p{Extended_Pictographic}\p{Emoji_Presentation}\u{2190}-\u{21FF}\u{2300}-\u{23FF}\u{25A0}-\u{25FF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{22EF}\u{FF0B}]/gu;

const vueFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? vueFiles(path.join(dir, e.name)) : e.name.endsWith('.vue') ? [path.join(dir, e.name)] : []));

describe('icons', () => {
  const files = vueFiles(SRC);
  it('finds the components', () => expect(files.length).toBeGreaterThan(20));
  for (const file of files) {
    it(`${path.relative(SRC, file)} draws no icon as a character`, () => {
      const source = readFileSync(file, 'utf8');
      const template = source.slice(source.indexOf('<template>'), source.lastIndexOf('</template>'));
      const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(source)?.[1] ?? '';
      // Markup and CSS `content` only: comments may name arrows (PREPARATION → FREE).
      const cssContent = [...style.matchAll(/content:\s*(['"])(.*?)\1/g)].map((m) => m[2]).join('');
      const markup = template.replace(/<!--[\s\S]*?-->/g, '');
      expect([...(markup + cssContent).matchAll(ICON_LIKE)].map((m) => m[0])).toEqual([]);
    });
  }
});

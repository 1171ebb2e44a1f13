// Fonts and icons that travel: Chromium on a machine whose fontconfig knows only DejaVu (no
// emoji, no Korean font: a stock Debian kiosk) shows the Korean lobby and room with real Korean
// glyphs (the bundled web font) and every icon as an inline SVG. Without the bundled font every
// Korean character is DejaVu's .notdef box, and every emoji icon too.
// `BOOKTALK_E2E_URL=<url>` runs it against an app that is already running instead of `npm start`.
// Skips with a printed reason when Chromium is missing, except under CI=true, where it fails.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, type Seeded } from '../../scripts/seed.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { CHROMIUM_ARGS, chromiumPath, screenshot, seriousA11yViolations } from './support/browser.ts';

const CI = process.env.CI === 'true';
const executablePath = chromiumPath();
const haveChromium = existsSync(executablePath);
const LATIN_ONLY_DIR = '/usr/share/fonts/truetype/dejavu';
if (!haveChromium && !CI) console.log(`fonts e2e skipped: no Chromium at ${executablePath} (under CI=true this fails)`);

/** The family @fontsource-variable/noto-sans-kr declares in its @font-face rules. */
const KOREAN_FAMILY = 'Noto Sans KR Variable';
/**
 * Emoji and the symbol blocks the old icons came from (arrows, geometric shapes, dingbats,
 * misc symbols, ⋯, ＋): all of them rely on a system font the kiosk does not have.
 */
const ICON_LIKE = /[\p{Extended_Pictographic}\p{Emoji_Presentation}\u{2190}-\u{21FF}\u{2300}-\u{23FF}\u{25A0}-\u{25FF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{22EF}\u{FF0B}]/gu;

/**
 * Draws `text` in `font` on a canvas and compares its pixels with two code points no font has
 * (U+10FFFD, plane 16 private use: always .notdef). Returns the ink width and whether the
 * drawing differs from the .notdef boxes.
 */
function glyphCheck(page: Page, text: string, font: string): Promise<{ width: number; notdefWidth: number; differsFromNotdef: boolean; inked: boolean }> {
  return page.evaluate(
    ([text, font]) => {
      const draw = (s: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 200;
        canvas.height = 60;
        const ctx = canvas.getContext('2d')!;
        ctx.font = font!;
        ctx.fillStyle = '#000';
        ctx.textBaseline = 'top';
        ctx.fillText(s, 4, 4);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) ink += data[i]! > 0 ? 1 : 0;
        return { width: ctx.measureText(s).width, pixels: Array.from(data).join(','), ink };
      };
      const real = draw(text!);
      const notdef = draw('\u{10FFFD}'.repeat([...text!].length));
      return { width: real.width, notdefWidth: notdef.width, differsFromNotdef: real.pixels !== notdef.pixels, inked: real.ink > 0 };
    },
    [text, font],
  );
}

/**
 * Marks each rendered element whose own text nodes hold Hangul, and asks Chromium which fonts drew
 * them: a miss is an element where fewer glyphs came from the bundled font than it has Hangul.
 */
async function koreanGlyphMisses(page: Page): Promise<{ checked: number; failures: string[] }> {
  const marked = await page.evaluate(() => {
    const texts: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('');
      const hangul = own.match(/\p{Script=Hangul}/gu)?.length ?? 0;
      // Not laid out (display: none) or not drawn (a closed <details>'s content): no fonts used.
      if (hangul === 0 || el.getClientRects().length === 0 || !el.checkVisibility()) continue;
      el.setAttribute('data-hangul', `${texts.length}:${hangul}`);
      texts.push(own.trim());
    }
    return texts;
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-hangul]' });
  const failures: string[] = [];
  for (const nodeId of nodeIds) {
    const attrs = (await cdp.send('DOM.getAttributes', { nodeId })).attributes;
    const [index, count] = attrs[attrs.indexOf('data-hangul') + 1]!.split(':').map(Number) as [number, number];
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const bundled = fonts.filter((f) => f.isCustomFont && f.familyName.startsWith('Noto Sans KR')).reduce((a, f) => a + f.glyphCount, 0);
    if (bundled < count) failures.push(`'${marked[index]}': ${fonts.map((f) => `${f.familyName} ×${f.glyphCount}`).join(', ')}`);
  }
  await cdp.detach();
  return { checked: nodeIds.length, failures };
}

describe.skipIf(!haveChromium && !CI)('fonts and icons on a machine with no emoji or Korean font', () => {
  let app: RunningApp | undefined;
  let base = process.env.BOOKTALK_E2E_URL ?? '';
  let browser: Browser | undefined;
  let seeded: Seeded;
  let fontDir = '';
  /** Every font file a page of this test downloaded, with its size. */
  const fontFiles = new Map<string, number>();

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no Chromium at ${executablePath}`);
    // A fontconfig that sees one Latin font folder and nothing else (its cache in the temp dir),
    // with the generic families pointed at it as a stock Debian's are.
    fontDir = mkdtempSync(path.join(tmpdir(), 'booktalk-fonts-'));
    const conf = path.join(fontDir, 'fonts.conf');
    writeFileSync(
      conf,
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        '<fontconfig>',
        `  <dir>${LATIN_ONLY_DIR}</dir>`,
        `  <cachedir>${fontDir}/cache</cachedir>`,
        ...[
          ['sans-serif', 'DejaVu Sans'],
          ['system-ui', 'DejaVu Sans'],
          ['serif', 'DejaVu Serif'],
          ['monospace', 'DejaVu Sans Mono'],
        ].map(([generic, family]) => `  <alias><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`),
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    const launch = chromium.launch({ executablePath, args: CHROMIUM_ARGS, env: { ...process.env, FONTCONFIG_FILE: conf, FONTCONFIG_PATH: fontDir } });
    if (!base) {
      [app, browser] = await Promise.all([startApp(), launch]);
      base = app.url;
    } else browser = await launch;
    seeded = await seed(base);
    // Korean written by people shows on English pages too.
    const created = await fetch(`${base}/api/debates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.sessions.host.token}` },
      body: JSON.stringify({ commandId: randomUUID(), title: '채식주의자는 자유에 관한 소설인가?', book: { title: '채식주의자', author: '한강' }, motion: '영혜의 거부는 자유의 행위다', format: 'free' }),
    });
    expect(created.status).toBe(201);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (fontDir) rmSync(fontDir, { recursive: true, force: true });
  });

  async function koreanPage(who: keyof Seeded['sessions'], url: string, width: number, lang: 'ko' | 'en' = 'ko'): Promise<Page> {
    const ctx = await browser!.newContext({ viewport: { width, height: 844 }, locale: lang === 'ko' ? 'ko-KR' : 'en-US', colorScheme: 'light' });
    await ctx.addInitScript(
      ([session, lang]) => {
        localStorage.setItem('booktalk.locale', lang!);
        localStorage.setItem('booktalk.session', session!);
      },
      [JSON.stringify(seeded.sessions[who]), lang],
    );
    const page = await ctx.newPage();
    page.on('response', (r) => {
      if (r.url().endsWith('.woff2')) void r.body().then((b) => fontFiles.set(r.url(), b.length)).catch(() => undefined);
    });
    await page.goto(`${base}${url}`);
    return page;
  }

  it('the browser really has no Korean and no emoji font (else this test could not fail)', async () => {
    const page = await koreanPage('listener', '/debates', 1280);
    for (const family of ['sans-serif', 'serif', 'monospace']) {
      const korean = await glyphCheck(page, '토론', `16px ${family}`);
      expect(korean.differsFromNotdef, `'토론' in ${family} is drawn from a system font`).toBe(false);
    }
    expect((await glyphCheck(page, '🔊', '16px sans-serif')).differsFromNotdef, 'an emoji font is installed').toBe(false);
    await page.context().close();
  });

  it('the English lobby shows a Korean title in the bundled font', async () => {
    const page = await koreanPage('listener', '/debates', 1280, 'en');
    await page.getByText('채식주의자는 자유에 관한 소설인가?').first().waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await screenshot(page, 'fonts-lobby-1280-en');
    const misses = await koreanGlyphMisses(page);
    expect(misses.checked).toBeGreaterThan(0);
    expect(misses.failures).toEqual([]);
    fontFiles.clear();
    await page.context().close();
  });

  for (const [name, who, url, ready] of [
    ['lobby', 'listener', '/debates', '[data-testid=debate-card]'],
    ['room', 'host', '', '[data-testid=speaker]'],
  ] as const) {
    for (const width of [390, 1280]) {
      it(`the Korean ${name} at ${width} px shows Korean glyphs and SVG icons, no emoji`, async () => {
        const page = await koreanPage(who, url || `/debates/${seeded.debateId}`, width);
        await page.waitForSelector(ready);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        await screenshot(page, `fonts-${name}-${width}-ko`);
        // (a) the bundled font is there for Korean text. check() alone is true when no face of
        // that family exists at all, so a loaded face of it must exist too.
        const loaded = await page.evaluate(
          (family) => [...document.fonts].some((f) => f.family.replace(/"/g, '') === family && f.status === 'loaded') && document.fonts.check(`16px "${family}"`, '토론'),
          KOREAN_FAMILY,
        );
        expect(loaded, `${KOREAN_FAMILY} is not loaded`).toBe(true);
        // (b) every laid-out element with Korean text of its own drew each Korean character with a
        // glyph of the bundled font, as Chromium itself reports (DevTools' "rendered fonts"). A
        // character no font has is drawn as the first font's .notdef box and counted against it.
        const misses = await koreanGlyphMisses(page);
        expect(misses.checked, 'no Korean text on the page').toBeGreaterThan(5);
        expect(misses.failures).toEqual([]);
        // (c) no emoji or font-dependent symbol in the text; icons are SVG.
        const text = await page.evaluate(() => document.body.innerText);
        expect(text.match(ICON_LIKE) ?? []).toEqual([]);
        const icons = await page.locator('svg.lucide').count();
        expect(icons, 'no SVG icons').toBeGreaterThan(name === 'room' ? 5 : 2);
        expect(await seriousA11yViolations(page)).toEqual([]);
        // The font's unicode-range subsets: a page downloads the few its text needs, not all 120.
        const here = [...fontFiles.entries()];
        fontFiles.clear();
        console.log(`${name} ${width} px: ${here.length} font files, ${Math.round(here.reduce((a, [, n]) => a + n, 0) / 1024)} KiB`);
        expect(here.length).toBeLessThan(60);
        await page.context().close();
      });
    }
  }
});

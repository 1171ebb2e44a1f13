// Screenshots of every page at desktop and phone width, in English and Korean, in headless
// Chromium: `tsx scripts/screenshots.ts <web url> <api url>` (seeds the API first). PNGs go to
// web/screenshots/. Fails when a chat/notes XSS payload ran or axe-core finds a serious or
// critical accessibility violation (each is printed).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Page, chromium } from 'playwright-core';
import { seed } from './seed.ts';

const web = process.argv[2] ?? 'http://localhost:4173';
const apiBase = process.argv[3] ?? web;
const out = join(import.meta.dirname, '..', 'screenshots');
mkdirSync(out, { recursive: true });

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

const s = await seed(apiBase);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
const only = process.env.ONLY?.split(',');
let xss = false;
let axeFailures = 0;

for (const locale of ['en', 'ko'] as const) {
  for (const [vpName, viewport] of Object.entries(viewports)) {
    const shoot = async (name: string, who: keyof typeof s.sessions | null, path: string, act?: (p: Page) => Promise<void>) => {
      if (only && !only.includes(name)) return;
      const ctx = await browser.newContext({ viewport, locale: locale === 'ko' ? 'ko-KR' : 'en-US', colorScheme: 'light' });
      const session = who ? s.sessions[who] : null;
      await ctx.addInitScript(
        ([l, sess]) => {
          localStorage.setItem('booktalk.locale', l as string);
          if (sess) localStorage.setItem('booktalk.session', sess as string);
        },
        [locale, session ? JSON.stringify(session) : ''],
      );
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[${name}] page error: ${e.message}`));
      await page.goto(`${web}${path}`, { waitUntil: 'networkidle' });
      if (act) await act(page);
      await page.waitForTimeout(300); // let the countdown tick once and transitions settle
      const file = join(out, `${name}-${vpName}-${locale}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined)) xss = true;
      const axe = await new AxeBuilder({ page }).analyze();
      for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        axeFailures++;
        console.error(`[${name} ${vpName} ${locale}] axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
      console.log(file);
      await ctx.close();
    };
    await shoot('sign-in', null, '/sign-in');
    await shoot('guest', null, '/guest');
    await shoot('lobby', 'listener', '/debates', (p) => p.waitForSelector('[data-testid=debate-card]').then(() => undefined));
    await shoot('new-debate', 'host', '/debates/new', async (p) => {
      await p.fill('input[name=title]', 'ab');
      await p.click('button[type=submit]');
    });
    await shoot('room-moderator', 'host', `/debates/${s.debateId}`, (p) => p.waitForSelector('[data-testid=speaker]').then(() => undefined));
    await shoot('room-listener', 'listener', `/debates/${s.debateId}`, (p) => p.waitForSelector('[data-testid=speaker]').then(() => undefined));
    await shoot('replay-placeholder', 'listener', `/debates/${s.debateId}/replay`);
  }
}
await browser.close();
if (xss) console.error('an XSS payload ran');
if (xss || axeFailures > 0) process.exit(1);

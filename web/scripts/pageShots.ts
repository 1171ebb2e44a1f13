// Screenshots of the pages people use, at phone (390×844) and desktop (1280×800) width, in
// English and Korean, for docs/screenshots/<page>-<width>-<lang>.png:
// `npx tsx scripts/pageShots.ts <app url> [out dir]` (from web/). Seeds a live debate
// (scripts/seed.ts, the host joining it) and plays a finished one (the after-debate e2e script)
// first. Prints each page's full height and, for the room, where its countdown, floor and speakers
// end (the phone layout's yardstick: inside the first screen); exits 1 on a serious or critical
// axe-core violation or an XSS payload that ran.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Page, chromium } from 'playwright-core';
import { scriptDebate, waitForProjection } from '../test/e2e/afterDebate/scriptedDebate.ts';
import { seed } from './seed.ts';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = process.argv[3] ?? join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const only = process.env.ONLY?.split(',');

const live = await seed(base);
// The moderator sits in the room too (in the audience), as a host running a debate does.
const joined = await fetch(`${base}/api/debates/${live.debateId}/commands`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${live.sessions.host.token}` },
  body: JSON.stringify({ commandId: randomUUID(), type: 'JoinDebate', data: { role: 'audience' } }),
});
if (!joined.ok) throw new Error(`the host could not join: ${joined.status} ${await joined.text()}`);
const ended = await scriptDebate(base, { paceMs: Number(process.env.PACE_MS ?? 300) });
await waitForProjection(base, ended.debateId);
const timeline = (await (await fetch(`${base}/api/debates/${ended.debateId}/timeline?limit=500`)).json()) as { items: { type: string; position: string }[] };
const mute = timeline.items.find((i) => i.type === 'ParticipantMuted')!;

type Who = { token: string; accountId: string; displayName: string; kind: 'guest' | 'account' };
const shots: Record<string, { who: Who; path: string; ready: (p: Page) => Promise<unknown> }> = {
  lobby: { who: live.sessions.listener, path: '/debates', ready: (p) => p.waitForSelector('[data-testid=debate-card]') },
  'room-moderator': { who: live.sessions.host, path: `/debates/${live.debateId}`, ready: (p) => p.waitForSelector('[data-testid=speaker]') },
  'room-listener': { who: live.sessions.listener, path: `/debates/${live.debateId}`, ready: (p) => p.waitForSelector('[data-testid=speaker]') },
  replay: { who: ended.people.host, path: `/debates/${ended.debateId}/replay?position=${mute.position}`, ready: (p) => p.waitForSelector('[data-testid=speaker]') },
  analytics: { who: ended.people.host, path: `/debates/${ended.debateId}/analytics`, ready: (p) => p.waitForSelector('[data-testid=chart-motion] svg') },
  audit: { who: ended.people.host, path: `/audit?debateId=${ended.debateId}`, ready: (p) => p.waitForSelector('[data-testid=audit-row-ParticipantMuted]') },
};
const viewports = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
});
let failures = 0;
for (const lang of ['en', 'ko'] as const) {
  for (const viewport of viewports) {
    for (const [name, shot] of Object.entries(shots)) {
      if (only && !only.includes(name)) continue;
      const ctx = await browser.newContext({ viewport, locale: lang === 'ko' ? 'ko-KR' : 'en-US', colorScheme: 'light' });
      await ctx.addInitScript(
        ([l, session]) => {
          localStorage.setItem('booktalk.locale', l as string);
          localStorage.setItem('booktalk.session', session as string);
        },
        [lang, JSON.stringify(shot.who)],
      );
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[${name}] page error: ${e.message}`));
      await page.goto(`${base}${shot.path}`, { waitUntil: 'networkidle' });
      await shot.ready(page);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.waitForTimeout(400); // the countdown ticks once, transitions settle
      const file = join(out, `${name}-${viewport.width}-${lang}.png`);
      // A room at phone width as it is seen: the first screen, with the thumb bar fixed at its bottom
      // (a full-page picture would draw the bar in the middle of the page).
      await page.screenshot({ path: file, fullPage: !(name.startsWith('room') && viewport.width < 768) });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const wider = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      // Where the room's essentials end on the page: the countdown, the floor card, the speakers
      // (the stage strip where there is one, else the last speaker in the participant list).
      // (A string: tsx would wrap the helper in a __name() call the page does not have.)
      const essentials = (await page.evaluate(`(() => {
        const bottom = (el) => (el && el.getClientRects().length ? Math.round(el.getBoundingClientRect().bottom + window.scrollY) : null);
        const strip = bottom(document.querySelector('[data-testid=speaker-strip]'));
        const speakers = [...document.querySelectorAll('.people__group--pro li, .people__group--con li, .people__group--none li')].map(bottom);
        const bar = document.querySelector('[data-testid=room-bar]');
        return {
          countdown: bottom(document.querySelector('[data-testid=countdown]')),
          floor: bottom(document.querySelector('[data-testid=floor]')),
          speakers: strip ?? Math.max(0, ...speakers.map((n) => n ?? 0)),
          screen: window.innerHeight - (bar && bar.getClientRects().length ? bar.getBoundingClientRect().height : 0),
        };
      })()`)) as { countdown: number | null; floor: number | null; speakers: number; screen: number };
      if (await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined)) {
        failures++;
        console.error(`[${name}] an XSS payload ran`);
      }
      const axe = await new AxeBuilder({ page }).analyze();
      for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        failures++;
        console.error(`[${name} ${viewport.width} ${lang}] axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
      const room = name.startsWith('room') ? `\tcountdown ends at ${essentials.countdown}, floor at ${essentials.floor}, speakers at ${essentials.speakers} (first screen: ${essentials.screen})` : '';
      console.log(`${file}\theight ${height} px${room}${wider ? '\tWIDER THAN THE VIEWPORT' : ''}`);
      await ctx.close();
    }
  }
}
await browser.close();
if (failures > 0) process.exit(1);

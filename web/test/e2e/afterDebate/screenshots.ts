// Screenshots of the replay, audit and analytics pages at desktop and phone width, in English
// and Korean: `npx tsx test/e2e/afterDebate/screenshots.ts <app url>` (from web/). Plays a paced
// scripted debate first. PNGs go to web/screenshots/; the desktop English ones are also copied to
// docs/screenshots/{replay,audit,analytics}.png for the README. Exits 1 on a serious or critical
// axe-core violation (each is printed).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { launch, pageAs, viewports } from './browser.ts';
import { scriptDebate, waitForProjection } from './scriptedDebate.ts';

const base = process.argv[2] ?? 'http://localhost:3000';
const web = join(import.meta.dirname, '..', '..', '..');
const out = join(web, 'screenshots');
const docs = join(web, '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
mkdirSync(docs, { recursive: true });

const s = await scriptDebate(base, { paceMs: Number(process.env.PACE_MS ?? 400) });
await waitForProjection(base, s.debateId);
const timeline = (await (await fetch(`${base}/api/debates/${s.debateId}/timeline?limit=500`)).json()) as { items: { type: string; offsetMs: number; position: string }[] };
const mute = timeline.items.find((i) => i.type === 'ParticipantMuted')!;

const browser = await launch();
let axeFailures = 0;
const shots: Record<string, { path: string; ready: (p: Page) => Promise<unknown> }> = {
  // The moment of the mute: the pro speaker has the floor, the con speaker shows muted.
  replay: { path: `/debates/${s.debateId}/replay?position=${mute.position}`, ready: (p) => p.waitForSelector('[data-testid=speaker]') },
  audit: { path: `/audit?debateId=${s.debateId}`, ready: (p) => p.waitForSelector('[data-testid=audit-row-ParticipantMuted]') },
  analytics: { path: `/debates/${s.debateId}/analytics`, ready: (p) => p.waitForSelector('[data-testid=chart-motion] svg') },
};
for (const locale of ['en', 'ko'] as const) {
  for (const [vp, viewport] of Object.entries(viewports)) {
    for (const [name, shot] of Object.entries(shots)) {
      const page = await pageAs(browser, s.people.host, { locale, viewport });
      page.on('pageerror', (e) => console.error(`[${name}] page error: ${e.message}`));
      await page.goto(`${base}${shot.path}`, { waitUntil: 'networkidle' });
      await shot.ready(page);
      const file = join(out, `${name}-${vp}-${locale}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (vp === 'desktop' && locale === 'en') copyFileSync(file, join(docs, `${name}.png`));
      const axe = await new AxeBuilder({ page }).analyze();
      for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        axeFailures++;
        console.error(`[${name} ${vp} ${locale}] axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
      console.log(file);
      await page.context().close();
    }
  }
}
await browser.close();
if (axeFailures > 0) process.exit(1);

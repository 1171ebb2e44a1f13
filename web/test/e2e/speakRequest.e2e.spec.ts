// Asking to speak, walked end to end at both widths and in both languages: in one debate the
// audience is on phones (390×844) in Korean and the moderator at a desktop (1280×800) in English;
// in a second debate the other way round. Each time a listener asks, the moderator invites, the
// listener accepts and is then heard by the other listener (real WebRTC between the pages, fake
// microphones, RTP counters through the test hook), and every page passes axe.
// Skips with a printed reason when Chromium is missing, except under CI=true, where it fails.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './support/app.ts';
import { chromiumPath, launchChromium, screenshot, seriousA11yViolations } from './support/browser.ts';
import { carriesAudio, until, voiceOf } from './support/voice.ts';

const CI = process.env.CI === 'true';
const executablePath = chromiumPath();
const haveChromium = existsSync(executablePath);
if (!haveChromium && !CI) console.log(`speak-request e2e skipped: no Chromium at ${executablePath} (infra/chromium/install.sh; under CI=true this fails)`);

type Lang = 'en' | 'ko';
interface Device {
  width: number;
  height: number;
  lang: Lang;
}
const PHONE_KO: Device = { width: 390, height: 844, lang: 'ko' };
const DESKTOP_EN: Device = { width: 1280, height: 800, lang: 'en' };
const PHONE_EN: Device = { width: 390, height: 844, lang: 'en' };
const DESKTOP_KO: Device = { width: 1280, height: 800, lang: 'ko' };

/** What each language calls the things the walk reads (web/src/i18n/speaking.ts). */
const WORDS = {
  en: { asks: 'asks to speak', invitePro: /^Invite to speak \(Pro\)/ },
  ko: { asks: '발언 요청 중', invitePro: /^발언자로 초대 \(찬성\)/ },
} as const;

interface Person {
  name: string;
  device: Device;
  ctx: BrowserContext;
  page: Page;
  accountId: string;
  token: string;
}

const PASSWORD = 'a long enough e2e password';
const STEP_MS = 180_000;

describe.skipIf(!haveChromium && !CI)('asking to speak at phone and desktop width, in Korean and English', () => {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  const timings: Record<string, number> = {};
  const a11y: Record<string, string[]> = {};

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no Chromium at ${executablePath}: run infra/chromium/install.sh (or set CHROMIUM_PATH)`);
    [app, browser] = await Promise.all([startApp(), launchChromium(executablePath)]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    console.log(`speak-request e2e: ${JSON.stringify(timings)}`);
  });

  /** Signs a person up through the form on their device, in their language. */
  async function person(name: string, device: Device): Promise<Person> {
    const ctx = await browser!.newContext({ viewport: { width: device.width, height: device.height }, locale: device.lang === 'ko' ? 'ko-KR' : 'en-US', colorScheme: 'light' });
    const page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${app!.url}/sign-up?testHooks=1`);
    await page.fill('input[name=username]', `${name.toLowerCase()}-${randomUUID().slice(0, 6)}`);
    await page.fill('input[name=displayName]', name);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('[data-testid=auth-form] button[type=submit]');
    await page.waitForURL(/\/debates$/);
    const { accountId, token } = await page.evaluate(() => JSON.parse(localStorage.getItem('booktalk.session') ?? '{}') as { accountId: string; token: string });
    return { name, device, ctx, page, accountId, token };
  }

  async function walk(label: string, moderatorDevice: Device, audienceDevice: Device): Promise<void> {
    const [mod, asker, listener] = await Promise.all([person('Mina', moderatorDevice), person('Hana', audienceDevice), person('Sora', audienceDevice)]);
    const res = await fetch(`${app!.url}/api/debates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${mod.token}` },
      body: JSON.stringify({ commandId: randomUUID(), title: '채식주의자는 자유에 관한 소설인가?', book: { title: '채식주의자', author: '한강' }, motion: '영혜의 거부는 자유의 행위다', format: 'oxford' }),
    });
    expect(res.status).toBe(201);
    const { debateId } = (await res.json()) as { debateId: string };
    const open = await fetch(`${app!.url}/api/debates/${debateId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${mod.token}` },
      body: JSON.stringify({ commandId: randomUUID(), type: 'OpenDebate', data: {} }),
    });
    expect(open.status).toBe(200);
    await mod.page.goto(`${app!.url}/debates/${debateId}`);
    // Both listeners join; joining is entering voice (no voice button).
    for (const p of [asker, listener]) {
      await p.page.goto(`${app!.url}/debates/${debateId}`);
      await p.page.click('[data-testid=join-listener]');
    }
    await until(`${label}: both listeners in voice`, () => Promise.all([asker, listener].map((p) => p.page.evaluate(() => window.__booktalk?.voice?.status() ?? 'none'))), (s) => s.every((x) => x !== 'none' && x !== 'idle'));

    await asker.page.getByTestId('ask-to-speak').click();
    await asker.page.getByTestId('speak-asked').waitFor();
    const request = mod.page.getByTestId(`speak-request-${asker.accountId}`);
    await request.getByText(WORDS[mod.device.lang].asks).waitFor();
    await request.getByRole('button', { name: WORDS[mod.device.lang].invitePro }).click();
    await asker.page.getByTestId('invitation').waitFor();
    await screenshot(asker.page, `speak-request-${label}-invited`);
    expect(Object.keys(await voiceOf(listener.page))).not.toContain(asker.accountId);
    const t = Date.now();
    await asker.page.getByTestId('invitation-accept').click();
    await until(`${label}: the other listener hears the invited speaker`, () => voiceOf(listener.page), (s) => carriesAudio(s[asker.accountId]), { timeoutMs: 20_000, everyMs: 50 });
    timings[`${label}AcceptToAudioMs`] = Date.now() - t;
    await asker.page.getByTestId('invitation').waitFor({ state: 'detached' });
    for (const [who, p] of [['moderator', mod], ['speaker', asker], ['listener', listener]] as const) {
      const name = `speak-request-${label}-${who}-${p.device.width}-${p.device.lang}`;
      await screenshot(p.page, name);
      a11y[name] = await seriousA11yViolations(p.page);
    }
    await Promise.all([mod, asker, listener].map((p) => p.ctx.close()));
  }

  it('audience on phones in Korean, moderator at a desktop in English', () => walk('phone-ko', DESKTOP_EN, PHONE_KO), STEP_MS);
  it('audience at desktops in Korean, moderator on a phone in English', () => walk('desktop-ko', PHONE_EN, DESKTOP_KO), STEP_MS);
  it('every page passed axe-core with no serious or critical violations', () => {
    expect(Object.keys(a11y)).toHaveLength(6);
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });
});

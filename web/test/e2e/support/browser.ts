// Headless Chromium for the end-to-end test: where it is, how it is launched (fake microphone,
// no permission prompts, autoplay, audio not muted), and the checks every page gets (axe-core,
// a screenshot, whether an XSS payload ran).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Page, chromium } from 'playwright-core';
import { REPO_ROOT } from './app.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
];

/** CHROMIUM_PATH from the environment, else from `services.mjs up`'s env file, else Debian's. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const envFile = path.join(REPO_ROOT, 'infra', '.run', 'env');
  if (existsSync(envFile)) {
    const line = readFileSync(envFile, 'utf8').split('\n').find((l) => l.startsWith('CHROMIUM_PATH='));
    if (line) return line.slice('CHROMIUM_PATH='.length).trim();
  }
  return '/usr/bin/chromium';
}

export const launchChromium = (executablePath: string): Promise<Browser> =>
  // Playwright mutes audio by default; received audio must play for its energy to be measured.
  chromium.launch({ executablePath, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--mute-audio'] });

export const ARTIFACTS = path.join(REPO_ROOT, 'web', 'test-results', 'e2e');

export async function screenshot(page: Page, name: string, dir = ARTIFACTS): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Serious and critical axe-core violations on the page, one line each. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** What the XSS payloads set when they run; undefined while none has. */
export const xssMarker = (page: Page): Promise<unknown> => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

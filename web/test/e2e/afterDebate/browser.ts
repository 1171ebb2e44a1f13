// Headless Chromium for the after-debate pages: where it is, how it is launched, and a page
// signed in as someone (the session the app keeps in localStorage) in a given language.
import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { Person } from './scriptedDebate.ts';

export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = (): boolean => existsSync(chromiumPath());

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

export const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

export async function pageAs(browser: Browser, who: Person | null, { locale = 'en', viewport = viewports.desktop }: { locale?: 'en' | 'ko'; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport, locale: locale === 'ko' ? 'ko-KR' : 'en-US', colorScheme: 'light', acceptDownloads: true });
  await ctx.addInitScript(
    ([l, session]) => {
      localStorage.setItem('booktalk.locale', l as string);
      if (session) localStorage.setItem('booktalk.session', session as string);
    },
    [locale, who ? JSON.stringify({ token: who.token, accountId: who.accountId, displayName: who.displayName, kind: who.kind }) : ''],
  );
  return ctx.newPage();
}

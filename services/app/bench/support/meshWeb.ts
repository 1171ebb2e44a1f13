// The web app's end-to-end support (web/test/e2e/support: Chromium's path and launch flags, the
// voice test hook's snapshot, bounded polls), reused at run time. Those files compile only under
// web's tsconfig (DOM, Vite's types, bundler resolution), which this package's program has not,
// so they are loaded by a computed specifier and typed here by the part the benchmark uses
// (the shapes of web/src/voice/testHooks.ts's LinkSnapshot and of voice.ts / browser.ts).
import type { Browser, Page } from 'playwright-core';

export interface LinkSnapshot {
  state: string;
  connectMs: number | null;
  inbound: { packetsReceived: number; totalAudioEnergy: number; bytesReceived: number } | null;
  outbound: { packetsSent: number; bytesSent: number } | null;
}
/** One page's links by remote account id. */
export type VoiceSnapshot = Record<string, LinkSnapshot>;

export interface WebE2eSupport {
  chromiumPath(): string;
  launchChromium(executablePath: string): Promise<Browser>;
  voiceOf(page: Page): Promise<VoiceSnapshot>;
  carriesAudio(link: LinkSnapshot | undefined): boolean;
  until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, options?: { timeoutMs?: number; everyMs?: number }): Promise<T>;
}

const SUPPORT = new URL('../../../../web/test/e2e/support/', import.meta.url);
let loaded: Promise<WebE2eSupport> | undefined;

/** Loaded on first use, so a benchmark run without figure 8 never loads playwright. */
export function webE2eSupport(): Promise<WebE2eSupport> {
  loaded ??= Promise.all([import(new URL('browser.ts', SUPPORT).href), import(new URL('voice.ts', SUPPORT).href)]).then(
    ([browser, voice]) => ({ ...browser, ...voice }) as WebE2eSupport,
  );
  return loaded;
}

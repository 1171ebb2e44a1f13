// Reading a page's voice links through the test hook (src/voice/testHooks.ts, on with
// ?testHooks=1), and waiting on conditions over them with bounded polls.
import type { Page } from 'playwright-core';
import type { LinkSnapshot } from '../../../src/voice/testHooks.ts';

export type VoiceSnapshot = Record<string, LinkSnapshot>;

/** The page's links by remote account id; empty while its voice has not started. */
export const voiceOf = (page: Page): Promise<VoiceSnapshot> => page.evaluate(async () => (await window.__booktalk?.voice?.snapshot()) ?? {});

/** Polls `probe` until `ok` holds; fails after `timeoutMs` naming what it waited for and the last value. */
export async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, { timeoutMs = 20_000, everyMs = 150 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A link that is connected and has received audio with energy in it. */
export const carriesAudio = (link: LinkSnapshot | undefined): boolean =>
  link?.state === 'connected' && (link.inbound?.packetsReceived ?? 0) > 0 && (link.inbound?.totalAudioEnergy ?? 0) > 0;

const energy = (s: VoiceSnapshot, id: string) => s[id]?.inbound?.totalAudioEnergy ?? 0;

/**
 * Waits until the audio energy `page` receives from `fromId` has not grown for `quietMs`, while
 * (when given) the energy from `controlId` kept growing over the same stretch: proof that time
 * passed and audio still flows, so the silence is that one sender's.
 */
export async function energyStopsGrowing(page: Page, fromId: string, controlId: string | null, { quietMs = 1_500, timeoutMs = 15_000, everyMs = 250 } = {}): Promise<{ quietForMs: number }> {
  const deadline = Date.now() + timeoutMs;
  let base = await voiceOf(page);
  let baseAt = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, everyMs));
    const now = await voiceOf(page);
    if (energy(now, fromId) > energy(base, fromId)) {
      base = now;
      baseAt = Date.now();
    } else if (Date.now() - baseAt >= quietMs && (controlId === null || energy(now, controlId) > energy(base, controlId))) {
      return { quietForMs: Date.now() - baseAt };
    }
    if (Date.now() > deadline) {
      throw new Error(`the energy from ${fromId} kept growing (or the control ${controlId} stopped) for ${timeoutMs / 1000} s: ${JSON.stringify({ base, now })}`);
    }
  }
}

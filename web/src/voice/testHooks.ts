// Test-only: the voice mesh's links, their connect times and RTP counters on `window.__booktalk`,
// for the end-to-end test to read with pc.getStats(). Exposed only when the tab was opened with
// `?testHooks=1` (remembered for the tab, so a reload keeps it) or the build set
// VITE_BOOKTALK_TEST_HOOKS=1; an ordinary page exposes nothing.
import type { VoiceMesh } from './mesh.ts';
import type { LinkState } from './peerLink.ts';
import type { VoiceSignaling } from './signaling.ts';
import type { InboundAudio, StageListener } from './stageListener.ts';

const FLAG = 'booktalk.testHooks';

/** Called once at start: a `?testHooks=1` in the address turns the hooks on for this tab. */
export function rememberTestHooksFlag(search = location.search, storage: Pick<Storage, 'setItem'> = sessionStorage): void {
  if (new URLSearchParams(search).get('testHooks') === '1') storage.setItem(FLAG, '1');
}

export function testHooksEnabled(storage: Pick<Storage, 'getItem'> = sessionStorage): boolean {
  return import.meta.env.VITE_BOOKTALK_TEST_HOOKS === '1' || storage.getItem(FLAG) === '1';
}

export interface AudioCounters {
  inbound: InboundAudio | null;
  outbound: { packetsSent: number; bytesSent: number } | null;
}
export interface LinkSnapshot extends AudioCounters {
  state: LinkState;
  /** From the link's first `connected` (what C_VOICE_LINK reported). */
  connectMs: number | null;
}
export interface VoiceTestHook {
  status(): string;
  /** Every current link by remote account id, with its audio counters. */
  snapshot(): Promise<Record<string, LinkSnapshot>>;
}

/** The stage listener: its status, its connections (one at most) and what it hears per speaker. */
export interface StageTestHook {
  status(): string;
  connections(): number;
  snapshot(): Promise<Record<string, AudioCounters['inbound']>>;
}

declare global {
  interface Window {
    __booktalk?: { voice?: VoiceTestHook; stage?: StageTestHook };
  }
}

/** Exposes the stage listener (a later one replaces it). */
export function exposeStage(listener: StageListener): void {
  window.__booktalk = {
    ...window.__booktalk,
    stage: {
      status: () => listener.status,
      connections: () => (listener.connection() ? 1 : 0),
      async snapshot() {
        return Object.fromEntries(await listener.inbound());
      },
    },
  };
}

/** Sums the audio RTP streams of one connection's stats report. */
export function audioCounters(report: { forEach(cb: (s: Record<string, unknown>) => void): void }): AudioCounters {
  const out: AudioCounters = { inbound: null, outbound: null };
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  report.forEach((s) => {
    if (s.kind !== 'audio') return;
    if (s.type === 'inbound-rtp') {
      const prev = out.inbound ?? { packetsReceived: 0, totalAudioEnergy: 0, bytesReceived: 0 };
      out.inbound = { packetsReceived: prev.packetsReceived + n(s.packetsReceived), totalAudioEnergy: prev.totalAudioEnergy + n(s.totalAudioEnergy), bytesReceived: prev.bytesReceived + n(s.bytesReceived) };
    } else if (s.type === 'outbound-rtp') {
      const prev = out.outbound ?? { packetsSent: 0, bytesSent: 0 };
      out.outbound = { packetsSent: prev.packetsSent + n(s.packetsSent), bytesSent: prev.bytesSent + n(s.bytesSent) };
    }
  });
  return out;
}

/**
 * Wraps the mesh's signaling to record each link's reported connect time, and returns a function
 * that exposes the mesh once it exists. A later mesh (a rejoin after a reload) replaces it.
 */
export function voiceTestHook(signaling: VoiceSignaling): { signaling: VoiceSignaling; expose(mesh: VoiceMesh): void } {
  const connectMs = new Map<string, number>();
  const recording: VoiceSignaling = {
    ...signaling,
    link: (report) => {
      if (report.outcome === 'connected' && typeof report.connectMs === 'number') connectMs.set(report.peerId, report.connectMs);
      signaling.link(report);
    },
  };
  return {
    signaling: recording,
    expose(mesh) {
      window.__booktalk = {
        ...window.__booktalk,
        voice: {
          status: () => mesh.status,
          async snapshot() {
            const out: Record<string, LinkSnapshot> = {};
            for (const [id, state] of mesh.peers()) {
              const link = mesh.link(id);
              const counters = link ? audioCounters(await link.getStats()) : { inbound: null, outbound: null };
              out[id] = { state, connectMs: connectMs.get(id) ?? null, ...counters };
            }
            return out;
          },
        },
      };
    },
  };
}

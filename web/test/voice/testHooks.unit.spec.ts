import { describe, expect, it } from 'vitest';
import { audioCounters, rememberTestHooksFlag, testHooksEnabled } from '../../src/voice/testHooks.ts';

const storage = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe('voice test hooks', () => {
  it('are off unless the tab was opened with ?testHooks=1', () => {
    const plain = storage();
    rememberTestHooksFlag('?debate=1', plain);
    expect(testHooksEnabled(plain)).toBe(false);
    const flagged = storage();
    rememberTestHooksFlag('?testHooks=1', flagged);
    expect(testHooksEnabled(flagged)).toBe(true);
  });

  it('sum the audio RTP counters of a stats report and ignore everything else', () => {
    const report = new Map<string, Record<string, unknown>>([
      ['i1', { type: 'inbound-rtp', kind: 'audio', packetsReceived: 40, totalAudioEnergy: 0.5, bytesReceived: 4000 }],
      ['i2', { type: 'inbound-rtp', kind: 'audio', packetsReceived: 2, totalAudioEnergy: 0.25, bytesReceived: 200 }],
      ['v1', { type: 'inbound-rtp', kind: 'video', packetsReceived: 999 }],
      ['o1', { type: 'outbound-rtp', kind: 'audio', packetsSent: 7, bytesSent: 700 }],
      ['c1', { type: 'candidate-pair', state: 'succeeded' }],
    ]);
    expect(audioCounters(report)).toEqual({
      inbound: { packetsReceived: 42, totalAudioEnergy: 0.75, bytesReceived: 4200 },
      outbound: { packetsSent: 7, bytesSent: 700 },
    });
  });

  it('report no stream as null, not as zero traffic', () => {
    expect(audioCounters(new Map())).toEqual({ inbound: null, outbound: null });
  });
});

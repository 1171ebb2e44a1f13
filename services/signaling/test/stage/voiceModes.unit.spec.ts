// The rule that puts a debate's listeners on the stage or in the mesh.
import { describe, expect, it } from 'vitest';
import { voiceModeFor } from '../../src/stage/voiceModes.ts';

const policy = { stageAbove: 6, meshFallbackMax: 8 };

describe('voiceModeFor', () => {
  it('keeps every debate in the mesh on a node without an SFU', () => {
    expect(voiceModeFor(policy, 500, null)).toBe('mesh');
  });
  it('keeps a small audience in the mesh and moves a larger one to the stage', () => {
    expect(voiceModeFor(policy, 6, 'live')).toBe('mesh');
    expect(voiceModeFor(policy, 7, 'live')).toBe('stage');
  });
  it('puts any audience on the stage with stageAbove 0', () => {
    expect(voiceModeFor({ ...policy, stageAbove: 0 }, 0, 'live')).toBe('mesh');
    expect(voiceModeFor({ ...policy, stageAbove: 0 }, 1, 'live')).toBe('stage');
  });
  it('falls back to the mesh when the SFU is lost and the audience is small enough', () => {
    expect(voiceModeFor({ ...policy, stageAbove: 0 }, 8, 'lost')).toBe('mesh');
  });
  it('keeps a large audience on the stage (reconnecting) when the SFU is lost', () => {
    expect(voiceModeFor(policy, 9, 'lost')).toBe('stage');
  });
});

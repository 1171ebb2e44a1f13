// Given/when/then for the mesh → stage handover: a mesh link goes once the stage delivers that
// speaker's audio; one the stage never carries goes at the deadline; nothing runs after stop().
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MeshToStageHandover } from '../../src/voice/handover.ts';

function setup(meshIds: string[], deadlineMs = 5_000) {
  const mesh = new Set(meshIds);
  const carried = new Set<string>();
  const dropped: string[] = [];
  const handover = new MeshToStageHandover({
    meshPeers: () => [...mesh],
    carried: async () => new Set(carried),
    drop: (id) => {
      mesh.delete(id);
      dropped.push(id);
    },
    everyMs: 100,
    deadlineMs,
  });
  return { mesh, carried, dropped, handover };
}

describe('MeshToStageHandover', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('given a stage that carries nobody yet, when it starts, then every mesh link stays', async () => {
    const { dropped, handover } = setup(['pro', 'con']);
    handover.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(dropped).toEqual([]);
    expect(handover.done).toBe(false);
  });

  it('given the stage starts carrying one speaker, then only that link goes, and the other when it is carried too', async () => {
    const { carried, dropped, handover } = setup(['pro', 'con']);
    handover.start();
    await vi.advanceTimersByTimeAsync(300);
    carried.add('pro');
    await vi.advanceTimersByTimeAsync(150);
    expect(dropped).toEqual(['pro']);
    carried.add('con');
    await vi.advanceTimersByTimeAsync(150);
    expect(dropped).toEqual(['pro', 'con']);
    expect(handover.done).toBe(true);
  });

  it('given a speaker the stage never carries, when the deadline passes, then its link goes anyway', async () => {
    const { carried, dropped, handover } = setup(['pro', 'muted'], 2_000);
    carried.add('pro');
    handover.start();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(dropped).toEqual(['pro']);
    await vi.advanceTimersByTimeAsync(700);
    expect(dropped).toEqual(['pro', 'muted']);
    expect(handover.done).toBe(true);
  });

  it('given a stopped handover, when time passes, then it drops nothing', async () => {
    const { carried, dropped, handover } = setup(['pro']);
    handover.start();
    handover.stop();
    carried.add('pro');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(dropped).toEqual([]);
  });
});

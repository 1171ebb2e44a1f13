import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VoiceLink } from '../../src/api/socketMessages.ts';
import { VoiceMesh } from '../../src/voice/mesh.ts';
import type { VoiceInbound, VoiceSignaling } from '../../src/voice/signaling.ts';
import { FakePeerConnection, settle } from './fakePeer.ts';

/** A scripted signaling server: relays between the meshes registered with it, records joins and link reports. */
class Hub {
  readonly joins: string[] = [];
  readonly leaves: { id: string; gaveUpAfter: number | undefined }[] = [];
  readonly links: (Omit<VoiceLink, 'debateId'> & { from: string })[] = [];
  private handlers = new Map<string, (m: VoiceInbound) => void>();

  signaling(selfId: string): VoiceSignaling {
    return {
      join: async () => {
        this.joins.push(selfId);
        for (const [id, h] of this.handlers) if (id !== selfId) h({ kind: 'join', accountId: selfId, transport: 'mesh' });
        return [...this.handlers.keys()].filter((id) => id !== selfId);
      },
      leave: async (gaveUpAfter) => {
        this.leaves.push({ id: selfId, gaveUpAfter });
        for (const [id, h] of this.handlers) if (id !== selfId) h({ kind: 'leave', accountId: selfId });
      },
      description: (toId, type, sdp) => queueMicrotask(() => this.handlers.get(toId)?.({ kind: type, fromId: selfId, toId, sdp })),
      candidate: (toId, candidate) => queueMicrotask(() => this.handlers.get(toId)?.({ kind: 'candidate', fromId: selfId, toId, candidate })),
      link: (report) => this.links.push({ from: selfId, ...report }),
      onMessage: (handler) => {
        this.handlers.set(selfId, handler);
        return () => this.handlers.delete(selfId);
      },
    };
  }
}

function peer(hub: Hub, id: string, extra: Partial<ConstructorParameters<typeof VoiceMesh>[0]> = {}) {
  const pcs: FakePeerConnection[] = [];
  const mesh = new VoiceMesh({
    selfId: id,
    signaling: hub.signaling(id),
    createPeerConnection: () => {
      const pc = new FakePeerConnection(id);
      pcs.push(pc);
      return pc;
    },
    backoffMs: (attempt) => attempt * 100,
    restartTimeoutMs: 50,
    ...extra,
  });
  return { mesh, pcs };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('VoiceMesh', () => {
  it('has the peer already in the room open a link and offer to the newcomer', async () => {
    const hub = new Hub();
    const first = peer(hub, 'm1');
    const second = peer(hub, 's2');
    await first.mesh.join(null);
    await second.mesh.join(null);
    await settle(60);
    expect(first.pcs).toHaveLength(1);
    expect(first.pcs[0]!.remoteDescription?.type).toBe('answer');
    expect(second.pcs[0]!.remoteDescription?.type).toBe('offer');
    expect([...first.mesh.peers().keys()]).toEqual(['s2']);
  });

  it('opens no link to a peer the policy says it needs none with', async () => {
    const hub = new Hub();
    const listener = peer(hub, 'l1', { shouldLink: () => false });
    await listener.mesh.join(null);
    await peer(hub, 'l2', { shouldLink: () => false }).mesh.join(null);
    await settle();
    expect(listener.pcs).toEqual([]);
  });

  it('reports each established link with the attempt it belongs to', async () => {
    const hub = new Hub();
    const a = peer(hub, 'a');
    const b = peer(hub, 'b');
    await a.mesh.join(null);
    await b.mesh.join(null);
    await settle(60);
    a.pcs[0]!.setConnectionState('connected');
    await settle();
    expect(hub.links).toEqual([{ from: 'a', peerId: 'b', outcome: 'connected', connectMs: expect.any(Number), candidateType: 'host', attempt: 1 }]);
    expect(a.mesh.status).toBe('connected');
  });

  it('rejoins from C_VOICE_JOIN after a link fails its ICE restart, and links again', async () => {
    vi.useFakeTimers();
    const hub = new Hub();
    const a = peer(hub, 'a');
    const b = peer(hub, 'b');
    await a.mesh.join(null);
    await b.mesh.join(null);
    await vi.advanceTimersByTimeAsync(0);
    const failing = b.pcs[0]!;
    failing.setConnectionState('failed');
    failing.setConnectionState('failed');
    expect(b.mesh.status).toBe('reconnecting');
    expect(hub.joins).toEqual(['a', 'b']);

    await vi.advanceTimersByTimeAsync(100);

    expect(hub.joins).toEqual(['a', 'b', 'b']);
    expect(failing.closed).toBe(true);
    expect(a.pcs).toHaveLength(2); // the peer in the room opened a fresh link to the rejoining one
    expect(hub.links).toContainEqual({ from: 'b', peerId: 'a', outcome: 'failed', attempt: 1 });
  });

  it("keeps the link it is answering when the offerer's join arrives after its offer (crossed joins)", async () => {
    const hub = new Hub();
    const b = peer(hub, 'b');
    await b.mesh.join(null);
    const deliver = (m: Parameters<Parameters<VoiceSignaling['onMessage']>[0]>[0]) => (hub as unknown as { handlers: Map<string, (m: unknown) => void> }).handlers.get('b')!(m);
    deliver({ kind: 'offer', fromId: 'a', toId: 'b', sdp: 'offer from a' });
    await settle();
    const answering = b.mesh.link('a');
    expect(answering).toBeDefined();
    deliver({ kind: 'join', accountId: 'a', transport: 'mesh' });
    expect(b.mesh.link('a')).toBe(answering);
    expect(b.pcs).toHaveLength(1);
  });

  it('counts a link that never connects as failed after the connect timeout, and rejoins', async () => {
    vi.useFakeTimers();
    const hub = new Hub();
    const a = peer(hub, 'a');
    const b = peer(hub, 'b');
    await a.mesh.join(null);
    await b.mesh.join(null);
    await vi.advanceTimersByTimeAsync(0);
    const joinsBefore = hub.joins.length;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(hub.links.some((l) => l.outcome === 'failed')).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(hub.joins.length).toBeGreaterThan(joinsBefore);
  });

  it('gives up after five rejoins', async () => {
    vi.useFakeTimers();
    const hub = new Hub();
    const a = peer(hub, 'a');
    const b = peer(hub, 'b');
    const rejoins: { attempt: number; gaveUp: boolean }[] = [];
    b.mesh.rejoins.on((r) => rejoins.push(r));
    await a.mesh.join(null);
    await b.mesh.join(null);
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(0);
      const pc = b.pcs.at(-1)!;
      pc.setConnectionState('failed');
      pc.setConnectionState('failed');
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(hub.joins.filter((j) => j === 'b')).toHaveLength(6); // the first join and five rejoins
    expect(rejoins.at(-1)).toEqual({ attempt: 5, gaveUp: true });
    expect(rejoins.filter((r) => !r.gaveUp).map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(b.mesh.status).toBe('failed');
    // It leaves the voice room saying why, and the others drop their link to it.
    expect(hub.leaves).toEqual([{ id: 'b', gaveUpAfter: 5 }]);
    expect(a.mesh.peers().has('b')).toBe(false);
  });

  it('waits longer before each rejoin', async () => {
    vi.useFakeTimers();
    const hub = new Hub();
    const a = peer(hub, 'a');
    const b = peer(hub, 'b');
    await a.mesh.join(null);
    await b.mesh.join(null);
    await vi.advanceTimersByTimeAsync(0);
    for (const delay of [100, 200]) {
      const pc = b.pcs.at(-1)!;
      pc.setConnectionState('failed');
      pc.setConnectionState('failed');
      const before = hub.joins.length;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(hub.joins.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(hub.joins.length).toBe(before + 1);
    }
  });

  it('closes the link and drops the audio of a peer that leaves', async () => {
    const hub = new Hub();
    const a = peer(hub, 'a');
    const b = peer(hub, 'b');
    const audio: [string, MediaStream | null][] = [];
    a.mesh.onRemoteAudio((id, s) => audio.push([id, s]));
    await a.mesh.join(null);
    await b.mesh.join(null);
    await settle(60);
    b.mesh.close();
    expect(a.pcs[0]!.closed).toBe(true);
    expect(audio).toEqual([['b', null]]);
  });
  describe('reconcile: roles reach the links without a rejoin', () => {
    /** Two listeners in voice; `speakers` is the projected state both policies read. */
    async function twoListeners() {
      const hub = new Hub();
      const speakers = new Set<string>();
      const policy = (self: string) => (remote: string) => speakers.has(self) || speakers.has(remote);
      const l1 = peer(hub, 'l1', { shouldLink: policy('l1') });
      const l2 = peer(hub, 'l2', { shouldLink: policy('l2') });
      await l1.mesh.join(null);
      await l2.mesh.join(null);
      await settle(60);
      return { hub, speakers, l1, l2 };
    }

    it('links a promoted listener to the other listener: one offer, from the smaller id, no rejoin', async () => {
      const { hub, speakers, l1, l2 } = await twoListeners();
      expect(l1.pcs).toEqual([]);
      // Given l2 is promoted, when the higher id sees the new state first, then it waits for the offer…
      speakers.add('l2');
      l2.mesh.reconcile(['l1']);
      expect(l2.pcs).toEqual([]);
      // …and when the smaller id sees it, that side opens the one link and offers.
      l1.mesh.reconcile(['l2']);
      await settle(60);
      expect(l1.pcs).toHaveLength(1);
      expect(l2.pcs).toHaveLength(1);
      expect(l1.pcs[0]!.remoteDescription?.type).toBe('answer');
      expect(l2.pcs[0]!.remoteDescription?.type).toBe('offer');
      expect([...l2.mesh.peers().keys()]).toEqual(['l1']);
      expect(hub.joins).toEqual(['l1', 'l2']);
      // A second reconcile over the same roles changes nothing.
      l1.mesh.reconcile(['l2']);
      l2.mesh.reconcile(['l1']);
      await settle(60);
      expect([l1.pcs.length, l2.pcs.length]).toEqual([1, 1]);
    });

    it('drops the link between two listeners once the speaker among them is demoted', async () => {
      const { speakers, l1, l2 } = await twoListeners();
      speakers.add('l1');
      l1.mesh.reconcile(['l2']);
      await settle(60);
      expect(l2.pcs).toHaveLength(1);
      speakers.delete('l1');
      l1.mesh.reconcile(['l2']);
      l2.mesh.reconcile(['l1']);
      expect(l1.pcs[0]!.closed).toBe(true);
      expect(l2.pcs[0]!.closed).toBe(true);
      expect(l1.mesh.peers().size + l2.mesh.peers().size).toBe(0);
    });

    it('does nothing before the mesh is joined', () => {
      const hub = new Hub();
      const idle = peer(hub, 'a');
      idle.mesh.reconcile(['b']);
      expect(idle.pcs).toEqual([]);
    });
  });
});

describe('the status a person is shown', () => {
  it('says alone, not connecting, once the join is acknowledged and nobody else is in voice', async () => {
    const hub = new Hub();
    const moderator = peer(hub, 'm1');
    await moderator.mesh.join(null);
    expect(moderator.mesh.status).toBe('alone');
  });

  it('says connecting while a link is negotiated, connected once it carries, and alone again when the other leaves', async () => {
    const hub = new Hub();
    const a = peer(hub, 'a');
    const b = peer(hub, 'b');
    await a.mesh.join(null);
    await b.mesh.join(null);
    // b is in the room with a, whose offer is on its way: links are being set up.
    expect(b.mesh.status).toBe('joining');
    await settle(60);
    expect([a.mesh.status, b.mesh.status]).toEqual(['joining', 'joining']);
    a.pcs[0]!.setConnectionState('connected');
    await settle();
    expect(a.mesh.status).toBe('connected');
    b.mesh.close();
    await settle();
    expect(a.mesh.status).toBe('alone');
  });

  it('says present, not connecting, among others it exchanges no audio with (listeners)', async () => {
    const hub = new Hub();
    const l1 = peer(hub, 'l1', { shouldLink: () => false });
    const l2 = peer(hub, 'l2', { shouldLink: () => false });
    await l1.mesh.join(null);
    await l2.mesh.join(null);
    await settle();
    expect([l1.mesh.status, l2.mesh.status]).toEqual(['present', 'present']);
  });

  it('stops saying connecting when a peer in the room never offers', async () => {
    vi.useFakeTimers();
    const hub = new Hub();
    const silent = peer(hub, 'a', { shouldLink: (id) => id !== 'b' }); // never offers to b
    const b = peer(hub, 'b', { offerWaitMs: 1_000 });
    await silent.mesh.join(null);
    await b.mesh.join(null);
    expect(b.mesh.status).toBe('joining');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.mesh.status).toBe('present');
  });
});

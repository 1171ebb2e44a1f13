import { describe, expect, it, vi } from 'vitest';
import type { IceCandidate } from '../../src/api/socketMessages.ts';
import { type Description, PeerLink } from '../../src/voice/peerLink.ts';
import { FakePeerConnection, settle } from './fakePeer.ts';

type Wire = { descriptions: Description[]; candidates: IceCandidate[] };

function side(selfId: string, remoteId: string, now?: () => number, localTrack: MediaStreamTrack | null = null) {
  const pc = new FakePeerConnection(selfId);
  const out: Wire = { descriptions: [], candidates: [] };
  const link = new PeerLink({
    remoteId,
    polite: selfId < remoteId,
    pc,
    localTrack,
    sendDescription: (d) => out.descriptions.push(d),
    sendCandidate: (c) => out.candidates.push(c),
    restartTimeoutMs: 1_000,
    ...(now ? { now } : {}),
  });
  const errors: unknown[] = [];
  link.errors.on((e) => errors.push(e));
  return { pc, out, link, errors };
}

/** Delivers everything each side sent to the other until both are quiet. */
async function exchange(a: ReturnType<typeof side>, b: ReturnType<typeof side>): Promise<void> {
  for (let round = 0; round < 10; round++) {
    await settle();
    const fromA = a.out.descriptions.splice(0);
    const fromB = b.out.descriptions.splice(0);
    if (fromA.length === 0 && fromB.length === 0) return;
    await Promise.all([...fromA.map((d) => b.link.handleDescription(d)), ...fromB.map((d) => a.link.handleDescription(d))]);
  }
  throw new Error('negotiation did not settle');
}

describe('PeerLink perfect negotiation', () => {
  it('completes offer/answer when one side opens the link', async () => {
    const a = side('a', 'b');
    const b = side('b', 'a');
    a.link.start();
    await exchange(a, b);
    expect([a.pc.signalingState, b.pc.signalingState]).toEqual(['stable', 'stable']);
    expect(b.pc.remoteDescription?.type).toBe('offer');
    expect(a.pc.remoteDescription?.type).toBe('answer');
  });

  it('on a collision the polite peer rolls back its own offer and answers the remote one', async () => {
    const polite = side('a', 'b');
    const impolite = side('b', 'a');
    polite.link.start();
    impolite.link.start();
    await settle();
    polite.out.descriptions.splice(0);
    const impoliteOffer = impolite.out.descriptions.splice(0);
    expect(polite.pc.signalingState).toBe('have-local-offer');

    await polite.link.handleDescription(impoliteOffer[0]!);

    expect(polite.pc.remoteDescription).toEqual(impoliteOffer[0]);
    expect(polite.out.descriptions.map((d) => d.type)).toEqual(['answer']);
    expect(polite.errors).toEqual([]);
  });

  it('on a collision the impolite peer ignores the remote offer and keeps its own', async () => {
    const polite = side('a', 'b');
    const impolite = side('b', 'a');
    polite.link.start();
    impolite.link.start();
    await settle();
    const politeOffer = polite.out.descriptions.splice(0);
    expect(impolite.out.descriptions.splice(0).map((d) => d.type)).toEqual(['offer']);

    await impolite.link.handleDescription(politeOffer[0]!);

    expect(impolite.pc.signalingState).toBe('have-local-offer');
    expect(impolite.pc.remoteDescription).toBeNull();
    expect(impolite.out.descriptions).toEqual([]);
    expect(impolite.errors).toEqual([]);
  });

  it('ends stable on both sides with the impolite peer’s offer after a collision', async () => {
    const polite = side('a', 'b');
    const impolite = side('b', 'a');
    polite.link.start();
    impolite.link.start();
    await exchange(polite, impolite);
    expect([polite.pc.signalingState, impolite.pc.signalingState]).toEqual(['stable', 'stable']);
    expect(polite.pc.remoteDescription?.sdp).toMatch(/^offer from b/);
    expect(impolite.pc.remoteDescription?.sdp).toMatch(/^answer from a/);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('after a collision both speakers send on the one audio m-line the impolite peer offered, with no second negotiation', async () => {
    // Given two speakers opening the link at once (the join messages crossed)
    const micA = { id: 'mic-a' } as MediaStreamTrack;
    const micB = { id: 'mic-b' } as MediaStreamTrack;
    const polite = side('a', 'b', undefined, micA);
    const impolite = side('b', 'a', undefined, micB);
    polite.link.start();
    impolite.link.start();
    // When the collision is resolved
    await exchange(polite, impolite);
    // Then each side holds one live transceiver, on m-line 0, sending its own microphone
    for (const [s, mic] of [
      [polite, micA],
      [impolite, micB],
    ] as const) {
      const live = s.pc.getTransceivers().filter((t) => t.direction !== 'stopped');
      expect(live.map((t) => [t.mid, t.direction, t.sender.track])).toEqual([['0', 'sendrecv', mic]]);
    }
    // and only the one m-line was ever negotiated: the impolite offer, the polite answer.
    expect(polite.pc.descriptions.slice(-1)).toEqual([{ type: 'answer', mids: ['0'] }]);
    expect(impolite.pc.descriptions).toEqual([{ type: 'offer', mids: ['0'] }]);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('a track change still in flight when the link closes ends quietly (the session ended, voice left)', async () => {
    const a = side('a', 'b');
    const b = side('b', 'a');
    a.link.start();
    await exchange(a, b);
    const change = a.link.setLocalTrack(null);
    a.link.close();
    await expect(change).resolves.toBeUndefined();
  });

  it('queues candidates that arrive before the remote description and adds them, in order, once it is set', async () => {
    const a = side('a', 'b');
    const b = side('b', 'a');
    a.link.start();
    await settle();
    await b.link.handleCandidate({ candidate: 'candidate:1 early', sdpMid: '0', sdpMLineIndex: 0 });
    await b.link.handleCandidate({ candidate: 'candidate:2 early', sdpMid: '0', sdpMLineIndex: 0 });
    expect(b.link.queuedCandidates).toBe(2);
    expect(b.pc.added).toEqual([]);

    await exchange(a, b);

    expect(b.link.queuedCandidates).toBe(0);
    expect(b.pc.added.map((c) => c.candidate)).toEqual(['candidate:1 early', 'candidate:2 early']);
    expect(b.errors).toEqual([]);
  });

  it('adds a candidate straight away once the remote description is set', async () => {
    const a = side('a', 'b');
    const b = side('b', 'a');
    a.link.start();
    await exchange(a, b);
    await b.link.handleCandidate({ candidate: 'candidate:3 late', sdpMid: '0', sdpMLineIndex: 0 });
    expect(b.pc.added.map((c) => c.candidate)).toEqual(['candidate:3 late']);
  });

  it('drops the candidates of an offer it ignored without reporting an error', async () => {
    const polite = side('a', 'b');
    const impolite = side('b', 'a');
    polite.link.start();
    impolite.link.start();
    await settle();
    await impolite.link.handleDescription(polite.out.descriptions.splice(0)[0]!);
    await impolite.link.handleCandidate({ candidate: 'candidate:9 stale', sdpMid: '0', sdpMLineIndex: 0 });
    await exchange(polite, impolite);
    expect(impolite.errors).toEqual([]);
    expect(impolite.pc.added).toEqual([]);
  });

  it('relays local candidates as they are gathered', () => {
    const a = side('a', 'b');
    a.pc.gather('candidate:7 host');
    expect(a.out.candidates).toEqual([{ candidate: 'candidate:7 host', sdpMid: '0', sdpMLineIndex: 0 }]);
  });

  it('reports the link established with its connect time and candidate type', async () => {
    let t = 1_000;
    const a = side('a', 'b', () => t);
    const outcomes: unknown[] = [];
    a.link.outcome.on((o) => outcomes.push(o));
    t = 1_250;
    a.pc.setConnectionState('connected');
    await settle();
    expect(outcomes).toEqual([{ outcome: 'connected', connectMs: 250, candidateType: 'host' }]);
    expect(a.link.state).toBe('connected');
  });

  it('restarts ICE on the first failure and renegotiates', async () => {
    const a = side('a', 'b');
    const b = side('b', 'a');
    a.link.start();
    await exchange(a, b);
    a.pc.setConnectionState('failed');
    expect(a.link.state).toBe('restarting');
    expect(a.pc.restarts).toBe(1);
    await settle();
    expect(a.out.descriptions.map((d) => d.type)).toEqual(['offer']);
    a.pc.setConnectionState('connected');
    expect(a.link.state).toBe('connected');
    a.link.close();
  });

  it('reports failure when the ICE restart does not reconnect in time', async () => {
    vi.useFakeTimers();
    try {
      const a = side('a', 'b');
      const outcomes: unknown[] = [];
      a.link.outcome.on((o) => outcomes.push(o));
      a.pc.setConnectionState('failed');
      expect(outcomes).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(outcomes).toEqual([{ outcome: 'failed' }]);
      expect(a.link.state).toBe('failed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports failure when the connection fails again after its restart', () => {
    const a = side('a', 'b');
    const outcomes: unknown[] = [];
    a.link.outcome.on((o) => outcomes.push(o));
    a.pc.setConnectionState('failed');
    a.pc.setConnectionState('failed');
    expect(outcomes).toEqual([{ outcome: 'failed' }]);
  });
});

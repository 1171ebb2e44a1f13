// A scripted RTCPeerConnection for the negotiation tests: the signaling-state machine of the
// WebRTC spec (stable / have-local-offer / have-remote-offer, rollback), strict about the
// orders real browsers refuse, and a connection state the test sets by hand. Transceivers follow
// the spec's association rules: a local offer gives every unassociated transceiver an m-line
// (a mid), a rollback takes those mids back, and a remote offer's m-line never reuses a
// transceiver made with addTransceiver — it creates its own (only addTrack's would be reused,
// and the voice code does not call addTrack). That is what makes glare leave the polite side
// with two transceivers. The offer's sdp lists its mids so the other fake can associate them.
import type { CandidateLike, PeerConnectionLike, TransceiverLike } from '../../src/voice/rtc.ts';

let counter = 0;

class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

export class FakePeerConnection implements PeerConnectionLike {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  remoteDescription: { type: RTCSdpType; sdp: string } | null = null;
  readonly added: RTCIceCandidateInit[] = [];
  readonly transceivers: FakeTransceiver[] = [];
  /** Every offer or answer this side produced, with the m-lines (mids) it carried. */
  readonly descriptions: { type: 'offer' | 'answer'; mids: string[] }[] = [];
  private nextMid = 0;
  private operations = 0;
  private midsOfPendingOffer: FakeTransceiver[] = [];
  restarts = 0;
  closed = false;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: CandidateLike | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: ((event: { track: MediaStreamTrack; streams: readonly MediaStream[] }) => void) | null = null;

  constructor(readonly name: string) {}

  setLocalDescription(description?: { type: 'rollback' }): Promise<void> {
    return this.operation(() => this.applyLocal(description));
  }

  setRemoteDescription(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    return this.operation(() => this.applyRemote(description));
  }

  /** The spec's operations chain, reduced to a count: negotiation-needed waits for it to empty. */
  private async operation(run: () => Promise<void>): Promise<void> {
    this.operations++;
    try {
      await run();
    } finally {
      this.operations--;
      this.negotiationNeeded();
    }
  }

  private async applyLocal(description?: { type: 'rollback' }): Promise<void> {
    await Promise.resolve();
    if (description?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new InvalidStateError(`rollback in ${this.signalingState}`);
      this.signalingState = 'stable';
      this.localDescription = null;
      for (const t of this.midsOfPendingOffer) t.mid = null;
      this.midsOfPendingOffer = [];
      this.negotiationNeeded();
      return;
    }
    this.dropStoppedUnassociated();
    if (this.signalingState === 'stable') {
      this.midsOfPendingOffer = this.transceivers.filter((t) => t.mid === null);
      for (const t of this.midsOfPendingOffer) t.mid = String(this.nextMid++);
      const mids = this.transceivers.map((t) => t.mid!);
      this.localDescription = { type: 'offer', sdp: `offer from ${this.name} #${++counter} mids=${mids.join(',')}` };
      this.descriptions.push({ type: 'offer', mids });
      this.signalingState = 'have-local-offer';
    } else if (this.signalingState === 'have-remote-offer') {
      const mids = this.transceivers.filter((t) => t.mid !== null).map((t) => t.mid!);
      this.localDescription = { type: 'answer', sdp: `answer from ${this.name} #${++counter} mids=${mids.join(',')}` };
      this.descriptions.push({ type: 'answer', mids });
      for (const t of this.transceivers) if (t.mid !== null) t.currentDirection = t.direction;
      this.signalingState = 'stable';
      this.negotiationNeeded();
    } else {
      throw new InvalidStateError(`setLocalDescription in ${this.signalingState}`);
    }
  }

  private async applyRemote(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    await Promise.resolve();
    if (description.type === 'offer') {
      if (this.signalingState !== 'stable') throw new InvalidStateError(`remote offer in ${this.signalingState}`);
      this.signalingState = 'have-remote-offer';
      for (const mid of midsIn(description.sdp)) {
        if (this.transceivers.some((t) => t.mid === mid)) continue;
        const t = new FakeTransceiver('recvonly', () => this.negotiationNeeded(), () => this.closed);
        t.mid = mid;
        this.nextMid = Math.max(this.nextMid, Number(mid) + 1);
        this.transceivers.push(t);
      }
    } else {
      if (this.signalingState !== 'have-local-offer') throw new InvalidStateError(`remote answer in ${this.signalingState}`);
      this.signalingState = 'stable';
      for (const t of this.transceivers) if (t.mid !== null) t.currentDirection = t.direction;
      this.midsOfPendingOffer = [];
      this.negotiationNeeded();
    }
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    await Promise.resolve();
    if (!this.remoteDescription) throw new InvalidStateError('candidate before the remote description');
    if (candidate.candidate?.includes('stale')) throw new Error('candidate does not match the remote description');
    this.added.push(candidate);
  }

  restartIce(): void {
    this.restarts++;
    queueMicrotask(() => this.onnegotiationneeded?.());
  }

  addTransceiver(trackOrKind: MediaStreamTrack | 'audio', init: { direction: RTCRtpTransceiverDirection }): TransceiverLike {
    const t = new FakeTransceiver(init.direction, () => this.negotiationNeeded(), () => this.closed);
    if (trackOrKind !== 'audio') t.sender.track = trackOrKind;
    this.transceivers.push(t);
    this.negotiationNeeded();
    return t;
  }

  getTransceivers(): TransceiverLike[] {
    this.dropStoppedUnassociated();
    return this.transceivers;
  }

  /** The spec's negotiation-needed check, run when something changed and on return to stable. */
  private negotiationNeeded(): void {
    // A browser fires the event as a task, after any code awaiting the operation that just ended
    // has run its continuation (e.g. a rollback immediately followed by setRemoteDescription);
    // ten microtask hops stand in for "later than those continuations" and settle() drains them.
    later(10, () => {
      if (this.closed || this.signalingState !== 'stable' || this.operations > 0) return;
      const needed = this.transceivers.some((t) => (t.mid === null ? !t.stopped : t.stopped ? t.currentDirection !== 'stopped' : t.direction !== t.currentDirection));
      if (needed) this.onnegotiationneeded?.();
    });
  }

  /** A stopped transceiver that never had an m-line leaves the connection (it is in no offer). */
  private dropStoppedUnassociated(): void {
    for (let i = this.transceivers.length - 1; i >= 0; i--) if (this.transceivers[i]!.stopped && this.transceivers[i]!.mid === null) this.transceivers.splice(i, 1);
  }

  async getStats(): Promise<Map<string, Record<string, unknown>>> {
    return new Map<string, Record<string, unknown>>([
      ['pair', { type: 'candidate-pair', state: 'succeeded', nominated: true, localCandidateId: 'local' }],
      ['local', { type: 'local-candidate', candidateType: 'host' }],
    ]);
  }

  close(): void {
    this.closed = true;
  }

  /** Test hook: the ICE agent reaching a new connection state. */
  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }

  /** Test hook: a local candidate gathered. */
  gather(candidate: string): void {
    this.onicecandidate?.({ candidate: { toJSON: () => ({ candidate, sdpMid: '0', sdpMLineIndex: 0 }) } });
  }
}

const later = (hops: number, run: () => void): void => (hops === 0 ? run() : queueMicrotask(() => later(hops - 1, run)));

const midsIn = (sdp: string): string[] => /mids=(\S*)/.exec(sdp)?.[1]?.split(',').filter(Boolean) ?? ['0'];

class FakeSender {
  track: MediaStreamTrack | null = null;
  async replaceTrack(t: MediaStreamTrack | null): Promise<void> {
    this.track = t;
  }
}

class FakeTransceiver implements TransceiverLike {
  mid: string | null = null;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  stopped = false;
  readonly sender = new FakeSender();
  private dir: RTCRtpTransceiverDirection;

  constructor(
    direction: RTCRtpTransceiverDirection,
    private readonly changed: () => void,
    private readonly pcClosed: () => boolean,
  ) {
    this.dir = direction;
  }

  get direction(): RTCRtpTransceiverDirection {
    return this.dir;
  }
  set direction(d: RTCRtpTransceiverDirection) {
    // As Chromium: "Failed to set the 'direction' property on 'RTCRtpTransceiver': The peer connection is closed."
    if (this.pcClosed()) throw new DOMException('The peer connection is closed.', 'InvalidStateError');
    this.dir = d;
    this.changed();
  }

  stop(): void {
    this.stopped = true;
    this.dir = 'stopped';
    this.changed();
  }
}
/** Lets queued promise callbacks and microtasks run (the fake resolves everything on microtasks). */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

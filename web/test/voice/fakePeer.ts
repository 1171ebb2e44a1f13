// A scripted RTCPeerConnection for the negotiation tests: the signaling-state machine of the
// WebRTC spec (stable / have-local-offer / have-remote-offer, rollback), strict about the
// orders real browsers refuse, and a connection state the test sets by hand.
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
  readonly transceivers: TransceiverLike[] = [];
  restarts = 0;
  closed = false;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: CandidateLike | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: ((event: { track: MediaStreamTrack; streams: readonly MediaStream[] }) => void) | null = null;

  constructor(readonly name: string) {}

  async setLocalDescription(description?: { type: 'rollback' }): Promise<void> {
    await Promise.resolve();
    if (description?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new InvalidStateError(`rollback in ${this.signalingState}`);
      this.signalingState = 'stable';
      this.localDescription = null;
      return;
    }
    if (this.signalingState === 'stable') {
      this.localDescription = { type: 'offer', sdp: `offer from ${this.name} #${++counter}` };
      this.signalingState = 'have-local-offer';
    } else if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `answer from ${this.name} #${++counter}` };
      this.signalingState = 'stable';
    } else {
      throw new InvalidStateError(`setLocalDescription in ${this.signalingState}`);
    }
  }

  async setRemoteDescription(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    await Promise.resolve();
    if (description.type === 'offer') {
      if (this.signalingState !== 'stable') throw new InvalidStateError(`remote offer in ${this.signalingState}`);
      this.signalingState = 'have-remote-offer';
      if (this.transceivers.length === 0) this.transceivers.push(fakeTransceiver('recvonly'));
    } else {
      if (this.signalingState !== 'have-local-offer') throw new InvalidStateError(`remote answer in ${this.signalingState}`);
      this.signalingState = 'stable';
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

  addTransceiver(_trackOrKind: MediaStreamTrack | 'audio', init: { direction: RTCRtpTransceiverDirection }): TransceiverLike {
    const t = fakeTransceiver(init.direction);
    this.transceivers.push(t);
    queueMicrotask(() => this.onnegotiationneeded?.());
    return t;
  }

  getTransceivers(): TransceiverLike[] {
    return this.transceivers;
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

function fakeTransceiver(direction: RTCRtpTransceiverDirection): TransceiverLike {
  let track: MediaStreamTrack | null = null;
  return {
    direction,
    sender: {
      get track() {
        return track;
      },
      replaceTrack: async (t: MediaStreamTrack | null) => {
        track = t;
      },
    },
  };
}

/** Lets queued promise callbacks and microtasks run (the fake resolves everything on microtasks). */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

// The narrow slice of WebRTC the voice code uses, so tests can drive it with a scripted peer.
// A browser RTCPeerConnection satisfies it (cast once, in createBrowserPeerConnection).

export interface SenderLike {
  readonly track: MediaStreamTrack | null;
  replaceTrack(track: MediaStreamTrack | null): Promise<void>;
}
export interface TransceiverLike {
  direction: RTCRtpTransceiverDirection;
  /** Null until a description associates the transceiver with an m-line. */
  readonly mid: string | null;
  readonly currentDirection: RTCRtpTransceiverDirection | null;
  readonly sender: SenderLike;
  stop(): void;
}
export interface CandidateLike {
  toJSON(): RTCIceCandidateInit;
}

export interface PeerConnectionLike {
  readonly signalingState: RTCSignalingState;
  readonly connectionState: RTCPeerConnectionState;
  readonly localDescription: { type: RTCSdpType; sdp: string } | null;
  readonly remoteDescription: { type: RTCSdpType; sdp: string } | null;
  setLocalDescription(description?: { type: 'rollback' }): Promise<void>;
  setRemoteDescription(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void>;
  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void>;
  restartIce(): void;
  addTransceiver(trackOrKind: MediaStreamTrack | 'audio', init: { direction: RTCRtpTransceiverDirection }): TransceiverLike;
  getTransceivers(): TransceiverLike[];
  getStats(): Promise<Map<string, Record<string, unknown>> | RTCStatsReport>;
  close(): void;
  onnegotiationneeded: (() => void) | null;
  onicecandidate: ((event: { candidate: CandidateLike | null }) => void) | null;
  onconnectionstatechange: (() => void) | null;
  ontrack: ((event: { track: MediaStreamTrack; streams: readonly MediaStream[]; transceiver?: { readonly mid: string | null } }) => void) | null;
}

export type CreatePeerConnection = () => PeerConnectionLike;

/** A real RTCPeerConnection; the cast is sound for the members PeerConnectionLike names. */
export const createBrowserPeerConnection =
  (config: RTCConfiguration = {}): CreatePeerConnection =>
  () =>
    new RTCPeerConnection(config) as unknown as PeerConnectionLike;

/** The local candidate type of the selected pair ('host', 'srflx', ...), when the stats say. */
export async function selectedCandidateType(pc: PeerConnectionLike): Promise<'host' | 'srflx' | 'prflx' | 'relay' | undefined> {
  const stats = await pc.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  stats.forEach((value: Record<string, unknown>, key: string) => byId.set(key, value));
  for (const s of byId.values()) {
    if (s.type !== 'candidate-pair' || s.state !== 'succeeded' || !(s.nominated ?? s.selected)) continue;
    const local = byId.get(String(s.localCandidateId));
    const t = local?.candidateType;
    if (t === 'host' || t === 'srflx' || t === 'prflx' || t === 'relay') return t;
  }
  return undefined;
}

// One RTCPeerConnection to one remote peer, negotiated the "perfect negotiation" way: either
// side may offer at any time; on a collision the polite peer rolls its own offer back and takes
// the remote one, the impolite peer ignores the remote offer. Incoming descriptions and
// candidates are handled one at a time, in arrival order; candidates wait for the remote
// description. A failed connection gets one ICE restart before the link reports failure.
import type { IceCandidate } from '../api/socketMessages.ts';
import { type PeerConnectionLike, type TransceiverLike, selectedCandidateType } from './rtc.ts';
import { Emitter } from './transport.ts';

export type LinkState = 'connecting' | 'connected' | 'restarting' | 'failed' | 'closed';
export type Description = { type: 'offer' | 'answer'; sdp: string };

export interface LinkOutcome {
  outcome: 'connected' | 'failed';
  connectMs?: number;
  candidateType?: 'host' | 'srflx' | 'prflx' | 'relay';
}

export interface PeerLinkOptions {
  remoteId: string;
  polite: boolean;
  pc: PeerConnectionLike;
  localTrack: MediaStreamTrack | null;
  sendDescription(description: Description): void;
  sendCandidate(candidate: IceCandidate): void;
  /** How long an ICE restart may take before the link is declared failed. */
  restartTimeoutMs?: number;
  /**
   * How long a new link may take to connect at all (default 15 s). A negotiation that stalls
   * (an offer whose answer went to a connection the other side closed) never reaches `failed`
   * by itself; past this it counts as failed, which makes the mesh rejoin.
   */
  connectTimeoutMs?: number;
  /** The remote peer's offer opened this link (not a join we answered by offering). */
  remoteInitiated?: boolean;
  now?: () => number;
}

export class PeerLink {
  readonly remoteId: string;
  readonly polite: boolean;
  readonly stateChanged = new Emitter<[LinkState]>();
  readonly outcome = new Emitter<[LinkOutcome]>();
  readonly remoteStream = new Emitter<[MediaStream]>();
  readonly errors = new Emitter<[unknown]>();
  private readonly pc: PeerConnectionLike;
  private readonly opts: PeerLinkOptions;
  private readonly now: () => number;
  private localTrack: MediaStreamTrack | null;
  private makingOffer = false;
  private ignoreOffer = false;
  private pendingCandidates: IceCandidate[] = [];
  private inbox: Promise<void> = Promise.resolve();
  private startedAt: number;
  private restarted = false;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private current: LinkState = 'connecting';
  private reported = false;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  readonly remoteInitiated: boolean;

  constructor(opts: PeerLinkOptions) {
    this.opts = opts;
    this.remoteId = opts.remoteId;
    this.polite = opts.polite;
    this.pc = opts.pc;
    this.localTrack = opts.localTrack;
    this.now = opts.now ?? (() => Date.now());
    this.startedAt = this.now();
    this.remoteInitiated = opts.remoteInitiated ?? false;
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      if (this.current === 'connecting') this.fail();
    }, opts.connectTimeoutMs ?? 15_000);
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.opts.sendCandidate(candidate.toJSON() as IceCandidate);
    };
    this.pc.onconnectionstatechange = () => void this.onConnectionState();
    this.pc.ontrack = ({ track, streams }) => this.remoteStream.emit(streams[0] ?? new MediaStream([track]));
  }

  get state(): LinkState {
    return this.current;
  }
  get queuedCandidates(): number {
    return this.pendingCandidates.length;
  }

  /** The side that opens the link adds the audio transceiver; that makes the first offer. */
  start(): void {
    this.pc.addTransceiver(this.localTrack ?? 'audio', { direction: this.localTrack ? 'sendrecv' : 'recvonly' });
  }

  /** A remote description (relayed S_VOICE_OFFER / S_VOICE_ANSWER), in arrival order. */
  handleDescription(description: Description): Promise<void> {
    return this.enqueue(() => this.applyDescription(description));
  }

  /** A remote candidate (S_VOICE_ICE_CANDIDATE); queued until the remote description is set. */
  handleCandidate(candidate: IceCandidate): Promise<void> {
    return this.enqueue(async () => {
      if (!this.pc.remoteDescription) {
        // While we ignore the peer's offer its candidates are for that offer: drop them. Its
        // answer to our offer arrives before any candidate for it (the socket keeps order).
        if (!this.ignoreOffer) this.pendingCandidates.push(candidate);
        return;
      }
      await this.addCandidate(candidate);
    });
  }

  /** Speak (a track) or stop sending (null); the transceiver direction follows. */
  async setLocalTrack(track: MediaStreamTrack | null): Promise<void> {
    this.localTrack = track;
    const t = this.audioTransceiver();
    if (!t) return;
    await t.sender.replaceTrack(track);
    // Closed meanwhile (left voice, the session ended): a closed connection refuses the write.
    if (this.current === 'closed') return;
    t.direction = track ? 'sendrecv' : 'recvonly';
  }

  /** The connection's stats (RTP counters, the selected candidate pair). */
  getStats(): ReturnType<PeerConnectionLike['getStats']> {
    return this.pc.getStats();
  }

  close(): void {
    if (this.current === 'closed') return;
    this.clearRestartTimer();
    this.clearConnectTimer();
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.close();
    this.setState('closed');
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.inbox.then(task).catch((e: unknown) => this.errors.emit(e));
    this.inbox = run;
    return run;
  }

  private async offer(): Promise<void> {
    if (this.current === 'closed') return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local && (local.type === 'offer' || local.type === 'answer')) this.opts.sendDescription({ type: local.type, sdp: local.sdp });
    } catch (e) {
      this.errors.emit(e);
    } finally {
      this.makingOffer = false;
    }
  }

  private async applyDescription(description: Description): Promise<void> {
    if (this.current === 'closed') return;
    const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) {
      this.pendingCandidates = [];
      return;
    }
    if (description.type === 'answer' && this.pc.signalingState !== 'have-local-offer') return; // an answer to an offer we rolled back
    if (collision) await this.pc.setLocalDescription({ type: 'rollback' });
    await this.pc.setRemoteDescription(description);
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of queued) await this.addCandidate(c);
    if (description.type === 'offer') {
      await this.attachLocalTrack();
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local?.type === 'answer') this.opts.sendDescription({ type: 'answer', sdp: local.sdp });
    }
  }

  /**
   * The answering side sends on the transceiver of the remote offer's m-line. After glare the
   * polite side also holds the transceiver its rolled-back offer added: an offer's m-line never
   * reuses one made by addTransceiver, so the remote offer brought its own, and ours has no mid.
   * Left alone it would be negotiated as a second audio m-line right after this answer (and the
   * track sent on it, not on the line the peer offered). Stopping it drops it unnegotiated.
   */
  private async attachLocalTrack(): Promise<void> {
    const t = this.audioTransceiver();
    if (!t) return;
    for (const other of this.pc.getTransceivers()) if (other !== t && other.mid === null && !isStopped(other)) other.stop();
    if (this.localTrack && t.sender.track !== this.localTrack) await t.sender.replaceTrack(this.localTrack);
    t.direction = this.localTrack ? 'sendrecv' : 'recvonly';
  }

  /** The live transceiver that carries this link's audio: the one with an m-line, if any yet. */
  private audioTransceiver(): TransceiverLike | undefined {
    const live = this.pc.getTransceivers().filter((t) => !isStopped(t));
    return live.find((t) => t.mid !== null) ?? live[0];
  }

  private async addCandidate(candidate: IceCandidate): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (e) {
      // Candidates of an offer we ignored cannot apply; anything else is worth knowing.
      if (!this.ignoreOffer) throw e;
    }
  }

  private async onConnectionState(): Promise<void> {
    const s = this.pc.connectionState;
    if (s === 'connected') {
      this.clearRestartTimer();
      this.clearConnectTimer();
      this.setState('connected');
      if (!this.reported) {
        this.reported = true;
        const connectMs = Math.max(0, Math.round(this.now() - this.startedAt));
        const candidateType = await selectedCandidateType(this.pc).catch(() => undefined);
        this.outcome.emit({ outcome: 'connected', connectMs, ...(candidateType ? { candidateType } : {}) });
      }
    } else if (s === 'failed') {
      if (!this.restarted) {
        this.restarted = true;
        this.setState('restarting');
        this.restartTimer = setTimeout(() => this.fail(), this.opts.restartTimeoutMs ?? 10_000);
        this.pc.restartIce();
      } else {
        this.fail();
      }
    }
  }

  private fail(): void {
    if (this.current === 'failed' || this.current === 'closed') return;
    this.clearRestartTimer();
    this.clearConnectTimer();
    this.setState('failed');
    this.outcome.emit({ outcome: 'failed' });
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private setState(state: LinkState): void {
    if (state === this.current) return;
    this.current = state;
    this.stateChanged.emit(state);
  }
}

const isStopped = (t: TransceiverLike): boolean => t.direction === 'stopped' || t.currentDirection === 'stopped';

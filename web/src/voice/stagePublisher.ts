// A speaker's audio to the SFU, beside the mesh, while the debate is on stage: one send-only
// connection. Candidates found before the node has the publish wait for its answer; the SFU
// lost and back (S_STAGE_STATE live) means publishing again.
import type { StageState } from '@booktalk/contracts';
import type { IceCandidate } from '../api/socketMessages.ts';
import type { CreatePeerConnection, PeerConnectionLike } from './rtc.ts';
import type { StageSignaling } from './stageSignaling.ts';

export class StagePublisher {
  private pc: PeerConnectionLike | null = null;
  private track: MediaStreamTrack | null = null;
  private offState: (() => void) | null = null;
  private closed = false;
  private generation = 0;

  constructor(
    private readonly signaling: StageSignaling,
    private readonly createPeerConnection: CreatePeerConnection,
  ) {}

  get publishing(): boolean {
    return this.pc !== null;
  }

  /** Publishes `track` (republishes when the SFU comes back); null stops sending but keeps the leg. */
  async publish(track: MediaStreamTrack | null): Promise<void> {
    this.offState ??= this.signaling.onState((s) => this.onSfuState(s));
    this.track = track;
    if (this.pc) {
      await this.pc.getTransceivers()[0]?.sender.replaceTrack(track);
      return;
    }
    if (!track) return;
    await this.connect(track);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.offState?.();
    const had = this.pc !== null;
    this.hangUp();
    if (had) void this.signaling.leave('publisher').catch(() => undefined);
  }

  private async connect(track: MediaStreamTrack): Promise<void> {
    const generation = ++this.generation;
    const pc = this.createPeerConnection();
    this.pc = pc;
    const early: (IceCandidate | null)[] = [];
    let accepted = false;
    pc.onicecandidate = ({ candidate }) => {
      const c = candidate ? (candidate.toJSON() as IceCandidate) : null;
      if (accepted) this.signaling.trickle('publisher', c);
      else early.push(c);
    };
    pc.addTransceiver(track, { direction: 'sendonly' });
    try {
      await pc.setLocalDescription();
      const offer = pc.localDescription;
      if (offer?.type !== 'offer') throw new Error('no local offer to publish');
      const { jsep } = await this.signaling.publish({ type: 'offer', sdp: offer.sdp });
      if (generation !== this.generation || this.closed) return;
      await pc.setRemoteDescription(jsep);
      accepted = true;
      for (const c of early) this.signaling.trickle('publisher', c);
    } catch (e) {
      if (generation === this.generation) this.hangUp();
      console.warn('stage publish failed', e);
    }
  }

  private onSfuState(state: StageState): void {
    if (this.closed) return;
    // Lost: the leg went with the SFU session. Back: publish again.
    this.hangUp();
    if (state === 'live' && this.track) void this.connect(this.track);
  }

  private hangUp(): void {
    this.generation++;
    if (this.pc) {
      this.pc.onicecandidate = null;
      this.pc.close();
    }
    this.pc = null;
  }
}

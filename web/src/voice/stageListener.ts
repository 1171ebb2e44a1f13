// A listener's audio through the SFU: one receive-only connection that carries every current
// speaker, each on its own m-line (the node says which mid is whose). It follows the speakers as
// the SFU renegotiates, shows `reconnecting` while the SFU is lost and subscribes again by itself
// once it is back (or, after a failed connection, with a growing delay).
import type { JsepOffer, StageFeed, StageState } from '@booktalk/contracts';
import type { IceCandidate } from '../api/socketMessages.ts';
import type { CreatePeerConnection, PeerConnectionLike } from './rtc.ts';
import type { StageSignaling } from './stageSignaling.ts';
import { Emitter, type ListenerTransport, type TransportStatus } from './transport.ts';

export interface InboundAudio {
  packetsReceived: number;
  totalAudioEnergy: number;
  bytesReceived: number;
}

export interface StageListenerOptions {
  signaling: StageSignaling;
  createPeerConnection: CreatePeerConnection;
  /** Delay before resubscribing after a failure number `attempt` (1-based). */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 5_000);

export class StageListener implements ListenerTransport {
  readonly kind = 'stage' as const;
  private readonly remoteAudio = new Emitter<[string, MediaStream | null]>();
  private readonly statusChanged = new Emitter<[TransportStatus]>();
  private pc: PeerConnectionLike | null = null;
  /** mid → whose audio it carries, from the node. */
  private owners = new Map<string, string>();
  /** mid → the track received on it. */
  private tracks = new Map<string, MediaStreamTrack>();
  /** accountId → the stream handed out for it. */
  private playing = new Map<string, { mid: string; stream: MediaStream }>();
  private current: TransportStatus = 'idle';
  private offs: (() => void)[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: StageListenerOptions) {}

  get status(): TransportStatus {
    return this.current;
  }
  /** The speakers currently heard, by account id (test hooks and the UI). */
  feeds(): Map<string, string> {
    return new Map([...this.playing].map(([accountId, p]) => [accountId, p.mid]));
  }
  connection(): PeerConnectionLike | null {
    return this.pc;
  }
  /** What each current speaker's m-line has received so far (null: no RTP stats for it yet). */
  async inbound(): Promise<Map<string, InboundAudio | null>> {
    const out = new Map<string, InboundAudio | null>();
    const pc = this.pc;
    if (!pc) return out;
    const byMid = new Map<string, InboundAudio>();
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio' && typeof s.mid === 'string') {
        byMid.set(s.mid, { packetsReceived: Number(s.packetsReceived ?? 0), totalAudioEnergy: Number(s.totalAudioEnergy ?? 0), bytesReceived: Number(s.bytesReceived ?? 0) });
      }
    });
    for (const [accountId, p] of this.playing) out.set(accountId, byMid.get(p.mid) ?? null);
    return out;
  }
  /** The speakers whose audio the stage already delivers (packets received on their m-line). */
  async carried(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const [accountId, counters] of await this.inbound()) if ((counters?.packetsReceived ?? 0) > 0) out.add(accountId);
    return out;
  }

  onRemoteAudio(handler: (accountId: string, stream: MediaStream | null) => void): () => void {
    return this.remoteAudio.on(handler);
  }
  onStatus(handler: (status: TransportStatus) => void): () => void {
    return this.statusChanged.on(handler);
  }

  async start(): Promise<void> {
    if (this.offs.length === 0) {
      this.offs = [
        this.opts.signaling.onFeeds((feeds, jsep) => this.serial(() => this.onFeeds(feeds, jsep))),
        this.opts.signaling.onState((state) => this.onSfuState(state)),
      ];
    }
    this.setStatus('joining');
    await this.serial(() => this.subscribe());
  }

  close(): void {
    if (this.current === 'closed') return;
    this.offs.forEach((off) => off());
    this.offs = [];
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const hadLeg = this.pc !== null;
    this.hangUp();
    if (hadLeg) void this.opts.signaling.leave('subscriber').catch(() => undefined);
    this.setStatus('closed');
  }

  private async subscribe(): Promise<void> {
    this.hangUp();
    try {
      const { jsep, feeds } = await this.opts.signaling.subscribe();
      this.place(feeds);
      if (jsep) await this.answer(jsep);
      // Nobody publishes yet: nothing to hear, and the node offers when someone does.
      else this.setStatus('connected');
    } catch (e) {
      console.warn('stage subscribe failed', e);
      this.retryLater();
    }
  }

  private async onFeeds(feeds: StageFeed[], jsep: JsepOffer | undefined): Promise<void> {
    if (this.current === 'closed' || this.current === 'reconnecting') return;
    this.place(feeds);
    if (jsep) await this.answer(jsep).catch((e: unknown) => {
      console.warn('stage renegotiation failed', e);
      this.retryLater();
    });
  }

  private onSfuState(state: StageState): void {
    if (this.current === 'closed') return;
    if (state === 'reconnecting') {
      // The SFU took every leg with it: wait for `live`, then subscribe anew.
      this.hangUp();
      this.setStatus('reconnecting');
    } else if (state === 'live') {
      void this.serial(() => this.subscribe());
    } else {
      this.hangUp();
      this.setStatus('closed');
    }
  }

  private async answer(offer: JsepOffer): Promise<void> {
    const pc = this.pc ?? this.open();
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    const local = pc.localDescription;
    if (local?.type !== 'answer') throw new Error('no local answer to the stage offer');
    await this.opts.signaling.start({ type: 'answer', sdp: local.sdp });
    this.settle();
  }

  private open(): PeerConnectionLike {
    const pc = this.opts.createPeerConnection();
    this.pc = pc;
    pc.onicecandidate = ({ candidate }) => this.opts.signaling.trickle('subscriber', candidate ? (candidate.toJSON() as IceCandidate) : null);
    pc.ontrack = ({ track, transceiver }) => {
      const mid = transceiver?.mid;
      if (!mid) return;
      this.tracks.set(mid, track);
      this.settle();
    };
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc) return;
      if (pc.connectionState === 'connected') {
        this.failures = 0;
        this.setStatus('connected');
      } else if (pc.connectionState === 'failed') {
        this.retryLater();
      }
    };
    return pc;
  }

  /** The node's word on which mid is whose. */
  private place(feeds: StageFeed[]): void {
    this.owners = new Map(feeds.filter((f) => f.mid !== undefined && !f.muted).map((f) => [f.mid!, f.accountId]));
    this.settle();
  }

  /** Hands out one stream per speaker whose mid has a track, and takes back the ones gone. */
  private settle(): void {
    for (const [accountId, p] of [...this.playing]) {
      if (this.owners.get(p.mid) !== accountId || !this.tracks.has(p.mid)) {
        this.playing.delete(accountId);
        this.remoteAudio.emit(accountId, null);
      }
    }
    for (const [mid, accountId] of this.owners) {
      const track = this.tracks.get(mid);
      if (!track || this.playing.has(accountId)) continue;
      const stream = new MediaStream([track]);
      this.playing.set(accountId, { mid, stream });
      this.remoteAudio.emit(accountId, stream);
    }
  }

  private hangUp(): void {
    if (this.pc) {
      this.pc.onicecandidate = null;
      this.pc.ontrack = null;
      this.pc.onconnectionstatechange = null;
      this.pc.close();
    }
    this.pc = null;
    this.tracks = new Map();
    this.settle();
  }

  private retryLater(): void {
    if (this.retryTimer || this.current === 'closed') return;
    this.hangUp();
    this.setStatus('reconnecting');
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.serial(() => this.subscribe());
    }, (this.opts.backoffMs ?? defaultBackoff)(this.failures));
  }

  /** One negotiation step at a time: the SFU's offers and our subscribes must not interleave. */
  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private setStatus(status: TransportStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.statusChanged.emit(status);
  }
}

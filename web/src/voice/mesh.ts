// The full mesh: one PeerLink per remote peer in the debate's voice room. Entering, and every
// recovery, starts from C_VOICE_JOIN: the peers already there open a link to the newcomer and
// offer. A failed link (after its ICE restart) makes this peer rejoin, at most `maxRejoins`
// times, with a growing delay; each link's outcome is reported (C_VOICE_LINK).
import { type LinkState, PeerLink } from './peerLink.ts';
import type { CreatePeerConnection } from './rtc.ts';
import type { VoiceInbound, VoiceSignaling } from './signaling.ts';
import { Emitter, type ListenerTransport, type TransportStatus } from './transport.ts';

export interface VoiceMeshOptions {
  selfId: string;
  signaling: VoiceSignaling;
  createPeerConnection: CreatePeerConnection;
  /**
   * Whether to open a link to this peer when it joins (listeners need none between them, and a
   * listener that joined on the stage none at all).
   */
  shouldLink?: (remoteId: string, transport: 'mesh' | 'stage') => boolean;
  maxRejoins?: number;
  /** Delay before rejoin number `attempt` (1-based). */
  backoffMs?: (attempt: number) => number;
  restartTimeoutMs?: number;
  /**
   * After the join's ack, how long a peer already in the room that this tab should link with is
   * waited for (it offers on our S_VOICE_JOIN) before the status settles without it.
   */
  offerWaitMs?: number;
  now?: () => number;
}

export const defaultBackoffMs = (attempt: number): number => Math.min(500 * 2 ** (attempt - 1), 8_000);

export class VoiceMesh implements ListenerTransport {
  readonly kind = 'mesh' as const;
  readonly linkStates = new Emitter<[string, LinkState]>();
  readonly rejoins = new Emitter<[{ attempt: number; gaveUp: boolean }]>();
  private readonly remoteAudio = new Emitter<[string, MediaStream | null]>();
  private readonly statusChanged = new Emitter<[TransportStatus]>();
  private readonly links = new Map<string, PeerLink>();
  private readonly opts: Required<Omit<VoiceMeshOptions, 'now'>> & { now?: () => number };
  private localTrack: MediaStreamTrack | null = null;
  private attempt = 1;
  private rejoinTimer: ReturnType<typeof setTimeout> | null = null;
  private offSignaling: (() => void) | null = null;
  private current: TransportStatus = 'idle';
  /** The others in the voice room (from the join's ack, then their joins and leaves), by how they hear. */
  private readonly members = new Map<string, 'mesh' | 'stage'>();
  /** The server acknowledged this (re)join: until then the status stays what it was set to. */
  private acked = false;
  /** Right after the ack, peers already there are about to offer: "Connecting…" for this long. */
  private offerWindowTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: VoiceMeshOptions) {
    this.opts = {
      shouldLink: () => true,
      maxRejoins: 5,
      backoffMs: defaultBackoffMs,
      restartTimeoutMs: 10_000,
      offerWaitMs: 3_000,
      ...options,
    };
  }

  get status(): TransportStatus {
    return this.current;
  }
  get rejoinAttempt(): number {
    return this.attempt - 1;
  }
  peers(): Map<string, LinkState> {
    return new Map([...this.links].map(([id, l]) => [id, l.state]));
  }
  link(remoteId: string): PeerLink | undefined {
    return this.links.get(remoteId);
  }

  onRemoteAudio(handler: (accountId: string, stream: MediaStream | null) => void): () => void {
    return this.remoteAudio.on(handler);
  }
  onStatus(handler: (status: TransportStatus) => void): () => void {
    return this.statusChanged.on(handler);
  }

  async join(localTrack: MediaStreamTrack | null): Promise<void> {
    this.localTrack = localTrack;
    // A (re)join starts clean: the others open fresh links to us.
    this.acked = false;
    this.dropAll();
    this.offSignaling ??= this.opts.signaling.onMessage((m) => this.onMessage(m));
    this.setStatus('joining');
    this.entered(await this.opts.signaling.join());
  }

  /** The others in the voice room now. */
  others(): string[] {
    return [...this.members.keys()];
  }

  /** The join was acknowledged with the others already there: the status can say what it is. */
  private entered(peers: readonly string[]): void {
    if (this.current === 'closed') return;
    this.members.clear();
    for (const id of peers) if (id !== this.opts.selfId) this.members.set(id, 'mesh');
    this.acked = true;
    if (this.offerWindowTimer) clearTimeout(this.offerWindowTimer);
    this.offerWindowTimer = setTimeout(() => {
      this.offerWindowTimer = null;
      this.updateStatus();
    }, this.opts.offerWaitMs);
    this.updateStatus();
  }

  async setLocalTrack(track: MediaStreamTrack | null): Promise<void> {
    this.localTrack = track;
    await Promise.all([...this.links.values()].map((l) => l.setLocalTrack(track)));
  }

  /** Drop one peer's link (it left, or the room says it is gone). */
  drop(remoteId: string): void {
    const link = this.links.get(remoteId);
    if (!link) return;
    this.links.delete(remoteId);
    link.close();
    this.remoteAudio.emit(remoteId, null);
  }

  /** Drops every link but stays in the voice room (a rejoin, closing, a listener that now hears through the stage). */
  dropAll(): void {
    for (const id of [...this.links.keys()]) this.drop(id);
  }

  /**
   * Brings the links in line with who may hear whom now, after a role change (promotion,
   * demotion, a moderator assigned or revoked): `members` are the others in the voice room.
   * A link the policy no longer needs goes; a missing one is opened by the peer with the smaller
   * id only, so the pair does not offer twice (the other side answers through `linkFor`). Joins
   * are not its business: a newcomer is linked from its S_VOICE_JOIN, whatever roles say.
   */
  reconcile(members: Iterable<string>): void {
    if (this.current === 'idle' || this.current === 'closed' || this.rejoinTimer) return;
    const { selfId, shouldLink } = this.opts;
    const present = new Set(members);
    for (const id of [...this.links.keys()]) if (!shouldLink(id, 'mesh')) this.drop(id);
    for (const id of present) {
      if (id === selfId || this.links.has(id) || !shouldLink(id, 'mesh') || selfId > id) continue;
      this.open(id).start();
    }
  }

  close(): void {
    if (this.rejoinTimer) clearTimeout(this.rejoinTimer);
    this.rejoinTimer = null;
    if (this.offerWindowTimer) clearTimeout(this.offerWindowTimer);
    this.offerWindowTimer = null;
    this.members.clear();
    this.dropAll();
    this.offSignaling?.();
    this.offSignaling = null;
    if (this.current !== 'idle' && this.current !== 'closed') void this.opts.signaling.leave().catch(() => undefined);
    this.setStatus('closed');
  }

  private onMessage(m: VoiceInbound): void {
    if (this.current === 'closed') return;
    switch (m.kind) {
      case 'join': {
        if (m.accountId === this.opts.selfId) return;
        this.members.set(m.accountId, m.transport);
        if (!this.opts.shouldLink(m.accountId, m.transport)) return this.updateStatus();
        // Two joins that crossed: its offer reached us before its join did, and we are answering
        // that offer. Both ends agree on this link; replacing it would strand its offer.
        const existing = this.links.get(m.accountId);
        if (existing?.remoteInitiated && existing.state === 'connecting') return;
        this.drop(m.accountId); // a rejoin replaces the old link
        this.open(m.accountId).start();
        return;
      }
      case 'leave':
        this.members.delete(m.accountId);
        this.drop(m.accountId);
        this.updateStatus();
        return;
      case 'offer':
      case 'answer':
        if (m.toId !== this.opts.selfId) return;
        if (m.kind === 'answer' && !this.links.has(m.fromId)) return;
        void this.linkFor(m.fromId).handleDescription({ type: m.kind, sdp: m.sdp });
        return;
      case 'candidate':
        if (m.toId !== this.opts.selfId) return;
        void this.linkFor(m.fromId).handleCandidate(m.candidate);
        return;
      default: {
        const _never: never = m;
        throw new Error(`unknown voice message ${JSON.stringify(_never)}`);
      }
    }
  }

  private linkFor(remoteId: string): PeerLink {
    return this.links.get(remoteId) ?? this.open(remoteId, true);
  }

  private open(remoteId: string, remoteInitiated = false): PeerLink {
    const { selfId, signaling } = this.opts;
    const link = new PeerLink({
      remoteId,
      polite: selfId < remoteId,
      pc: this.opts.createPeerConnection(),
      localTrack: this.localTrack,
      sendDescription: (d) => signaling.description(remoteId, d.type, d.sdp),
      sendCandidate: (c) => signaling.candidate(remoteId, c),
      restartTimeoutMs: this.opts.restartTimeoutMs,
      remoteInitiated,
      ...(this.opts.now ? { now: this.opts.now } : {}),
    });
    const attempt = Math.min(this.attempt, 5);
    link.stateChanged.on((s) => {
      this.linkStates.emit(remoteId, s);
      this.updateStatus();
    });
    link.remoteStream.on((stream) => this.remoteAudio.emit(remoteId, stream));
    link.errors.on((e) => console.warn(`voice link to ${remoteId}`, e));
    link.outcome.on((o) => {
      signaling.link({ peerId: remoteId, attempt, ...o });
      if (o.outcome === 'failed' && this.links.get(remoteId) === link) this.scheduleRejoin();
    });
    this.links.set(remoteId, link);
    this.updateStatus();
    return link;
  }

  private scheduleRejoin(): void {
    if (this.rejoinTimer || this.current === 'closed') return;
    if (this.attempt > this.opts.maxRejoins) {
      const attempts = this.attempt - 1;
      this.rejoins.emit({ attempt: attempts, gaveUp: true });
      // Out of the voice room, so the others stop offering and the store records the abandonment.
      this.dropAll();
      if (attempts > 0) void this.opts.signaling.leave(attempts).catch((e: unknown) => console.warn('voice leave refused', e));
      this.setStatus('failed');
      return;
    }
    const attempt = this.attempt++;
    this.setStatus('reconnecting');
    this.rejoins.emit({ attempt, gaveUp: false });
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = null;
      this.acked = false;
      this.dropAll();
      this.opts.signaling.join(attempt).then(
        (peers) => this.entered(peers),
        (e: unknown) => {
          console.warn('voice rejoin refused', e);
          this.scheduleRejoin();
        },
      );
    }, this.opts.backoffMs(attempt));
  }

  /**
   * What the person is told: `connected` while any link carries audio; `joining` only while links
   * are actually being negotiated (or one is about to be offered); otherwise in the voice room with
   * nobody else (`alone`) or with nobody to exchange audio with (`present`). Before the ack (and
   * while a rejoin waits) it stays as set; after giving up only a connected link changes it.
   */
  private updateStatus(): void {
    if (this.current === 'closed' || this.rejoinTimer) return;
    const states = [...this.links.values()].map((l) => l.state);
    if (states.some((s) => s === 'connected')) return this.setStatus('connected');
    if (!this.acked || this.current === 'failed') return;
    const negotiating = states.some((s) => s === 'connecting' || s === 'restarting');
    const awaitingOffer = this.offerWindowTimer !== null && [...this.members].some(([id, via]) => !this.links.has(id) && this.opts.shouldLink(id, via));
    if (negotiating || awaitingOffer) this.setStatus('joining');
    else this.setStatus(this.members.size === 0 ? 'alone' : 'present');
  }

  private setStatus(status: TransportStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.statusChanged.emit(status);
  }
}

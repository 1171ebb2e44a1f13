// A listener moving from the mesh to the stage, make before break, speaker by speaker: each mesh
// link goes once the stage delivers that speaker's audio, not when the SFU connection is up.
// Right after a room switches to the stage its speakers are still starting to publish, so the
// listener's subscription is often "connected" with nobody on it yet; dropping the mesh then left
// listeners in silence for ~0.4–0.9 s (measured by the stage e2e test). A speaker the stage never
// carries (not publishing: muted by a moderator, out of the floor) goes at the deadline.
export interface HandoverOptions {
  /** The remote ids the mesh still links to. */
  meshPeers(): string[];
  /** The speakers the stage already delivers audio for. */
  carried(): Promise<Set<string>>;
  drop(remoteId: string): void;
  everyMs?: number;
  deadlineMs?: number;
  now?: () => number;
}

export class MeshToStageHandover {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly startedAt: number;
  private readonly now: () => number;

  constructor(private readonly opts: HandoverOptions) {
    this.now = opts.now ?? (() => Date.now());
    this.startedAt = this.now();
  }

  /** Checks now and then every `everyMs` until the mesh has no link left or the deadline passed. */
  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get done(): boolean {
    return this.stopped;
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    const late = this.now() - this.startedAt >= (this.opts.deadlineMs ?? 5_000);
    const carried = late ? null : await this.opts.carried().catch(() => new Set<string>());
    if (this.stopped) return;
    for (const id of this.opts.meshPeers()) if (!carried || carried.has(id)) this.opts.drop(id);
    if (this.opts.meshPeers().length === 0) return this.stop();
    this.timer = setTimeout(() => void this.tick(), this.opts.everyMs ?? 150);
  }
}

// Voice sessions of dropped sockets, held for the grace period: an account back in time takes
// its session (and peer id) again and nothing is written; otherwise `expire` runs once.
export interface HeldSession {
  debateId: string;
  accountId: string;
  displayName: string;
  peerId: string;
}

const key = (debateId: string, accountId: string) => `${debateId}\u0000${accountId}`;

export class GraceHolds {
  private readonly held = new Map<string, { session: HeldSession; timer: NodeJS.Timeout }>();

  constructor(
    private readonly graceMs: number,
    private readonly expire: (session: HeldSession) => void,
  ) {}

  hold(session: HeldSession): void {
    const k = key(session.debateId, session.accountId);
    const earlier = this.held.get(k);
    if (earlier) clearTimeout(earlier.timer);
    const timer = setTimeout(() => {
      if (this.held.get(k)?.timer !== timer) return;
      this.held.delete(k);
      this.expire(session);
    }, this.graceMs);
    timer.unref();
    this.held.set(k, { session, timer });
  }

  /** The held session of this account in this debate, released (its timer cancelled). */
  take(debateId: string, accountId: string): HeldSession | undefined {
    const k = key(debateId, accountId);
    const entry = this.held.get(k);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.held.delete(k);
    return entry.session;
  }

  has(debateId: string, accountId: string): boolean {
    return this.held.has(key(debateId, accountId));
  }

  /** Every held session, released (clean shutdown writes their leaves). */
  releaseAll(): HeldSession[] {
    const sessions = [...this.held.values()].map((e) => {
      clearTimeout(e.timer);
      return e.session;
    });
    this.held.clear();
    return sessions;
  }
}

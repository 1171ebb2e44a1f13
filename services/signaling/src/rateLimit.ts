// Per-socket budgets: messages per second and bytes per second (token buckets refilled
// continuously, bursts up to one second's budget). The caller decides what "far over" costs.
export interface RateBudget {
  messagesPerSecond: number;
  bytesPerSecond: number;
}

export type RateVerdict = 'ok' | 'limited' | 'abusive';

export class SocketRateLimiter {
  private messages: number;
  private bytes: number;
  private last: number;
  /** Refusals within the current one-second window. */
  private refusedInWindow = 0;
  private windowStart: number;

  constructor(
    private readonly budget: RateBudget,
    private readonly disconnectFactor: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.messages = budget.messagesPerSecond;
    this.bytes = budget.bytesPerSecond;
    this.last = this.now();
    this.windowStart = this.last;
  }

  take(size: number): RateVerdict {
    const t = this.now();
    const elapsed = (t - this.last) / 1000;
    this.last = t;
    this.messages = Math.min(this.budget.messagesPerSecond, this.messages + elapsed * this.budget.messagesPerSecond);
    this.bytes = Math.min(this.budget.bytesPerSecond, this.bytes + elapsed * this.budget.bytesPerSecond);
    if (this.messages >= 1 && this.bytes >= size) {
      this.messages -= 1;
      this.bytes -= size;
      return 'ok';
    }
    if (t - this.windowStart >= 1000) {
      this.windowStart = t;
      this.refusedInWindow = 0;
    }
    this.refusedInWindow++;
    // Far over: still sending this many times the whole budget after being refused.
    return this.refusedInWindow > this.disconnectFactor * this.budget.messagesPerSecond ? 'abusive' : 'limited';
  }
}

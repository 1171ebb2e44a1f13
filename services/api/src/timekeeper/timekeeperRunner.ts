// Fires turn warnings and expiries at their deadline. One timer per debate, armed from the state
// read through the command handler; at wake-up the state is read again and only what is due on
// that fresh state is sent, so an ended or extended turn is never expired by a stale timer.
import { DEFAULT_WARNINGS_MS, SYSTEM_ACTOR, dueTimers, isDomainError, nextWakeUp, timerNeutral } from '@booktalk/domain';
import type { CommandHandler } from '../commandHandling/index.ts';
import { type Clock, type Logger, silentLogger, systemClock } from '../ports.ts';
import type { DebateChangeSource } from './debateChangeSource.ts';
import { timerCommandId } from './timerCommandId.ts';

export interface TimekeeperOptions {
  handler: Pick<CommandHandler, 'handle' | 'loadDebateState'>;
  source: DebateChangeSource;
  clock?: Clock;
  logger?: Logger;
  /** Remaining-time warnings (default 30 s and 10 s). */
  warningsMs?: readonly number[];
  /** Delay before looking again after an unexpected failure (default 1 s). */
  retryMs?: number;
}

// setTimeout takes at most 2^31-1 ms; longer waits re-arm on wake-up.
const MAX_DELAY_MS = 2 ** 31 - 1;
// Timers may fire a hair early against the wall clock that decide() uses.
const LATE_MARGIN_MS = 5;
// Fired timers in one wake-up (an expiry may hand the floor to a next slot that is due at once).
const MAX_ROUNDS = 10;

export class TimekeeperRunner {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  /** Debates being looked at, and whether another look was asked for meanwhile. */
  private readonly busy = new Map<string, { again: boolean; done: Promise<void> }>();
  private unsubscribe: (() => void) | undefined;
  private running = false;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly warningsMs: readonly number[];
  private readonly retryMs: number;

  constructor(private readonly options: TimekeeperOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.warningsMs = options.warningsMs ?? DEFAULT_WARNINGS_MS;
    this.retryMs = options.retryMs ?? 1_000;
  }

  /** Subscribes to changes, then looks at every debate that may have a running turn (fires what is overdue). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.source.onDebateChanged((debateId, eventTypes) => {
      // Chat, votes and voice cannot move a timer: no reload of the debate for them.
      if (eventTypes && timerNeutral(eventTypes)) return;
      void this.check(debateId);
    });
    const debateIds = await this.options.source.debatesWithRunningTurn();
    this.logger.info({ debates: debateIds.length }, 'timekeeper started');
    await Promise.all(debateIds.map((id) => this.check(id)));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.busy.values()].map((b) => b.done));
  }

  /** Debates with an armed timer and when it fires (for diagnostics and tests). */
  armed(): Map<string, Date> {
    return new Map([...this.timers].map(([id, t]) => [id, new Date(t.at)]));
  }

  /** Looks at one debate now; concurrent calls for the same debate coalesce into one more look. */
  check(debateId: string): Promise<void> {
    if (!this.running) return Promise.resolve();
    const current = this.busy.get(debateId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await this.fireDueAndArm(debateId);
        } while (entry.again && this.running);
      } finally {
        this.busy.delete(debateId);
      }
    })();
    this.busy.set(debateId, entry);
    return entry.done;
  }

  private async fireDueAndArm(debateId: string): Promise<void> {
    try {
      for (let round = 0; round < MAX_ROUNDS && this.running; round++) {
        const { state } = await this.options.handler.loadDebateState(debateId);
        const due = dueTimers(state, this.clock(), this.warningsMs);
        if (due.length === 0) {
          const at = nextWakeUp(state, this.warningsMs);
          this.arm(debateId, at?.getTime() ?? null);
          return;
        }
        let refused = 0;
        for (const action of due) {
          const commandId = timerCommandId(debateId, state, action);
          try {
            const result = await this.options.handler.handle({ debateId, commandId, command: action.command, actor: SYSTEM_ACTOR });
            this.logger.info(
              { debateId, command: action.command.type, turnNo: action.command.data.turnNo, duplicate: result.duplicate },
              'timer fired',
            );
          } catch (error) {
            // The turn moved on (ended, extended, warned by another timekeeper): nothing to do.
            if (!isDomainError(error)) throw error;
            this.logger.debug({ debateId, command: action.command.type, code: error.code }, 'timer refused');
            refused++;
          }
        }
        if (refused === due.length) {
          // Due on our clock but refused on the deciding one: look again shortly rather than spin.
          this.arm(debateId, this.clock().getTime() + this.retryMs);
          return;
        }
      }
    } catch (error) {
      this.logger.warn({ debateId, err: error }, 'timekeeper could not check a debate; retrying');
      this.arm(debateId, this.clock().getTime() + this.retryMs);
    }
  }

  private arm(debateId: string, at: number | null): void {
    const armed = this.timers.get(debateId);
    if (armed && armed.at === at) return;
    if (armed) clearTimeout(armed.timer);
    this.timers.delete(debateId);
    if (at === null || !this.running) return;
    const delay = Math.min(Math.max(0, at - this.clock().getTime()) + LATE_MARGIN_MS, MAX_DELAY_MS);
    const timer = setTimeout(() => {
      this.timers.delete(debateId);
      void this.check(debateId);
    }, delay);
    this.timers.set(debateId, { at, timer });
  }
}

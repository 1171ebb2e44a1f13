// The timekeeper's pure schedule. Timers are derived from the projected state (the turn's
// deadline and the warnings already issued), never from memory, so a restarted process arms the
// same timers. Every command it yields is decided against current state again, so a turn that
// was ended or extended in the meantime is refused, not expired.
import type { CommandOf, DebateState } from '@booktalk/contracts';

export const DEFAULT_WARNINGS_MS = [30_000, 10_000] as const;

export interface TimerAction {
  at: Date;
  command: CommandOf<'IssueTurnWarning'> | CommandOf<'ExpireTurn'>;
}

/** Every timer still to fire for the current turn, earliest first. */
export function turnTimers(s: DebateState, warningsMs: readonly number[] = DEFAULT_WARNINGS_MS): TimerAction[] {
  const t = s.currentTurn;
  if (s.status !== 'live' || !t) return [];
  const endsAt = Date.parse(t.endsAt);
  const smallestIssued = Math.min(Infinity, ...t.warningsIssued);
  const warnings: TimerAction[] = warningsMs
    // A warning longer than the turn itself would fire at its start; a larger one than an
    // already issued warning is superseded (e.g. after a restart, only "10 s left" is still news).
    .filter((w) => w < t.durationMs && w < smallestIssued && !t.warningsIssued.includes(w))
    .map((w) => ({ at: new Date(endsAt - w), command: { type: 'IssueTurnWarning', data: { turnNo: t.turnNo, remainingMs: w } } }));
  const expiry: TimerAction = { at: new Date(endsAt), command: { type: 'ExpireTurn', data: { turnNo: t.turnNo } } };
  return [...warnings, expiry].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * What to send at `now`: the expiry alone once the deadline passed; otherwise only the most urgent
 * due warning (the larger ones it supersedes are dropped, not announced late).
 */
export function dueTimers(s: DebateState, now: Date, warningsMs: readonly number[] = DEFAULT_WARNINGS_MS): TimerAction[] {
  const due = turnTimers(s, warningsMs).filter((a) => a.at.getTime() <= now.getTime());
  const expiry = due.find((a) => a.command.type === 'ExpireTurn');
  if (expiry) return [expiry];
  const last = due.at(-1);
  return last ? [last] : [];
}

/** When to wake next (null: no running turn). */
export function nextWakeUp(s: DebateState, warningsMs: readonly number[] = DEFAULT_WARNINGS_MS): Date | null {
  return turnTimers(s, warningsMs)[0]?.at ?? null;
}

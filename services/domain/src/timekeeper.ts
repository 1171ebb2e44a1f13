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

/**
 * Events that never touch what the timers read (the debate's status and its current turn): chat,
 * votes, voice and the link and stage records. A change made only of these cannot arm, move or
 * cancel a timer, so the timekeeper does not reload the debate for it. Without this, every chat
 * message made every node's timekeeper read the debate's stream again (benchmark figure 2 across
 * nodes: two stream reads per command). test/timekeeper.unit.spec.ts evolves each of them over a
 * running turn. Anything not listed is looked at, so a missing entry costs a read, never a timer.
 */
export const TIMER_NEUTRAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'MessagePosted',
  'MessageHidden',
  'QuestionAnswered',
  'VoteOpened',
  'VoteCast',
  'VoteChanged',
  'VoteClosed',
  'TurnRequested',
  'TurnRequestWithdrawn',
  'VoiceJoined',
  'VoiceLeft',
  'PeerLinkEstablished',
  'PeerLinkFailed',
  'VoiceRejoinAttempted',
  'VoiceRejoinAbandoned',
  'StagePublished',
  'StageUnpublished',
  'StageListenerSubscribed',
  'StageListenerLeft',
  'StageSfuFailed',
]);

/** True when a change made of these event types leaves every timer as it was (and there is at least one). */
export const timerNeutral = (eventTypes: readonly string[]): boolean =>
  eventTypes.length > 0 && eventTypes.every((t) => TIMER_NEUTRAL_EVENT_TYPES.has(t));

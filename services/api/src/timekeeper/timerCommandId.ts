// The command id of a timer. Derived from what identifies the timer, so two timekeepers (or one
// restarted) send the same id and the store keeps only one. The deadline is part of it because
// an extension resets the warnings: the "10 s left" of the extended turn is a new warning.
import type { DebateState } from '@booktalk/contracts';
import type { TimerAction } from '@booktalk/domain';
import { deterministicUuid } from '../commandHandling/debateIds.ts';

export function timerCommandId(debateId: string, state: DebateState, action: TimerAction): string {
  const c = action.command;
  const endsAt = state.currentTurn?.endsAt ?? '';
  return c.type === 'ExpireTurn'
    ? deterministicUuid('timer', debateId, c.data.turnNo, 'expire', endsAt)
    : deterministicUuid('timer', debateId, c.data.turnNo, `warn-${c.data.remainingMs}`, endsAt);
}

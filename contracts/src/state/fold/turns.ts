// Folds the floor: raised hands, grants, warnings, extensions and the end of a turn.
import type { EventOf } from '../../events/index.ts';
import type { DebateState } from '../debateState.ts';
import { without } from './records.ts';

export type TurnEvent = EventOf<
  'TurnRequested' | 'TurnRequestWithdrawn' | 'TurnGranted' | 'TurnWarningIssued' | 'TurnExtended' | 'TurnEnded'
>;

export function evolveTurns(s: DebateState, event: TurnEvent): DebateState {
  switch (event.type) {
    case 'TurnRequested':
      return s.queue.includes(event.data.accountId) ? s : { ...s, queue: [...s.queue, event.data.accountId] };
    case 'TurnRequestWithdrawn':
      return { ...s, queue: without(s.queue, event.data.accountId) };
    case 'TurnGranted': {
      const d = event.data;
      return {
        ...s,
        queue: without(s.queue, d.speaker),
        turnCount: d.turnNo,
        lastSide: d.kind === 'open' ? d.side : s.lastSide,
        presentationIndex: d.kind === 'presentation' ? s.presentationOrder.indexOf(d.speaker) : s.presentationIndex,
        currentTurn: {
          turnNo: d.turnNo,
          accountId: d.speaker,
          side: d.side,
          kind: d.kind,
          grantedBy: d.grantedBy,
          startedAt: d.startedAt,
          endsAt: d.endsAt,
          durationMs: d.durationMs,
          warningsIssued: [],
        },
      };
    }
    case 'TurnWarningIssued': {
      const t = s.currentTurn;
      if (!t || t.turnNo !== event.data.turnNo) return s;
      return { ...s, currentTurn: { ...t, warningsIssued: [...t.warningsIssued, event.data.remainingMs] } };
    }
    case 'TurnExtended': {
      const t = s.currentTurn;
      if (!t || t.turnNo !== event.data.turnNo) return s;
      // A new deadline re-arms the warnings that now lie in the future again.
      return {
        ...s,
        currentTurn: { ...t, endsAt: event.data.endsAt, durationMs: t.durationMs + event.data.byMs, warningsIssued: [] },
      };
    }
    case 'TurnEnded':
      return s.currentTurn?.turnNo === event.data.turnNo ? { ...s, currentTurn: null } : s;
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a turn event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}

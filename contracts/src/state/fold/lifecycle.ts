// Folds the debate's lifecycle: scheduled → open → live (rounds, presentations) → ended.
import type { EventOf } from '../../events/index.ts';
import type { DebateState } from '../debateState.ts';

export type LifecycleEvent = EventOf<
  'DebateScheduled' | 'DebateOpened' | 'DebateStarted' | 'RoundStarted' | 'PresentationUpdated' | 'DebateEnded'
>;

export function evolveLifecycle(s: DebateState, event: LifecycleEvent): DebateState {
  switch (event.type) {
    case 'DebateScheduled': {
      const d = event.data;
      return {
        ...s,
        debateId: d.debateId,
        status: 'scheduled',
        hostId: d.hostId,
        title: d.title,
        book: d.book,
        motion: d.motion,
        format: d.format,
        maxMembers: d.maxMembers,
        startAt: d.startAt,
        turnMs: d.turnMs,
        presentationMs: d.presentationMs,
        // Older events do not say: those debates ran with everyone heard.
        floorControl: d.floorControl ?? false,
        moderators: [d.hostId],
      };
    }
    case 'DebateOpened':
      return { ...s, status: 'open', openedAt: event.data.at };
    case 'DebateStarted':
      return { ...s, status: 'live', startedAt: event.data.at };
    case 'RoundStarted':
      return {
        ...s,
        round: event.data.round,
        presentationOrder: event.data.round === 'PRESENTATION' ? event.data.order : [],
        presentationIndex: -1,
        // Speakers raise hands on the open floor only; an audience member's request to speak
        // stands across rounds until a moderator answers it.
        queue: event.data.round === 'FREE' ? s.queue : s.queue.filter((id) => s.participants[id]?.role === 'audience'),
      };
    case 'PresentationUpdated': {
      const d = event.data;
      return {
        ...s,
        presentations: {
          ...s.presentations,
          [d.accountId]: { accountId: d.accountId, content: d.content, pageRefs: d.pageRefs, updatedAt: d.at },
        },
      };
    }
    case 'DebateEnded':
      return { ...s, status: 'ended', endedAt: event.data.at, currentTurn: null, queue: [], invitations: {} };
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a lifecycle event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}

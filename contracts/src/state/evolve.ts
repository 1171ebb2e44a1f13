// The pure fold of a debate's events into its projected state. Shared by the deciders, the
// projectors and the browser's replay scrubber, so all three compute the same state.
import type { DebateEvent } from '../events/index.ts';
import type { DebateState, Participant } from './debateState.ts';

const without = <T>(list: T[], item: T): T[] => list.filter((x) => x !== item);
const omit = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
};
const patchParticipant = (s: DebateState, accountId: string, patch: Partial<Participant>): DebateState => {
  const p = s.participants[accountId];
  return p ? { ...s, participants: { ...s.participants, [accountId]: { ...p, ...patch } } } : s;
};
/** Someone leaves the room: out of the queue and the voice mesh, participant record gone. */
const dropParticipant = (s: DebateState, accountId: string): DebateState => ({
  ...s,
  participants: omit(s.participants, accountId),
  queue: without(s.queue, accountId),
  voice: omit(s.voice, accountId),
});

export function evolve(state: DebateState, event: DebateEvent): DebateState {
  const s = { ...state, eventCount: state.eventCount + 1 };
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
        queue: event.data.round === 'FREE' ? s.queue : [],
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
      return { ...s, status: 'ended', endedAt: event.data.at, currentTurn: null, queue: [] };
    case 'ParticipantJoined': {
      const d = event.data;
      const participant: Participant = {
        accountId: d.accountId,
        displayName: d.displayName,
        role: d.role,
        side: d.side,
        muted: false,
        connected: false,
        joinedAt: d.at,
        seq: s.joinSeq + 1,
      };
      return { ...s, joinSeq: s.joinSeq + 1, participants: { ...s.participants, [d.accountId]: participant } };
    }
    case 'ParticipantLeft':
      return dropParticipant(s, event.data.accountId);
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
    case 'VoteOpened': {
      const d = event.data;
      return {
        ...s,
        votes: {
          ...s.votes,
          [d.voteId]: {
            voteId: d.voteId,
            question: d.question,
            options: d.options,
            kind: d.kind,
            status: 'open',
            ballots: {},
            tallies: Object.fromEntries(d.options.map((o) => [o, 0])),
          },
        },
      };
    }
    case 'VoteCast':
    case 'VoteChanged': {
      const d = event.data;
      const vote = s.votes[d.voteId];
      if (!vote) return s;
      const option = event.type === 'VoteCast' ? event.data.option : event.data.to;
      const previous = vote.ballots[d.accountId];
      const tallies = { ...vote.tallies };
      if (previous !== undefined) tallies[previous] = (tallies[previous] ?? 1) - 1;
      tallies[option] = (tallies[option] ?? 0) + 1;
      return {
        ...s,
        votes: { ...s.votes, [d.voteId]: { ...vote, ballots: { ...vote.ballots, [d.accountId]: option }, tallies } },
      };
    }
    case 'VoteClosed': {
      const vote = s.votes[event.data.voteId];
      return vote ? { ...s, votes: { ...s.votes, [vote.voteId]: { ...vote, status: 'closed' } } } : s;
    }
    case 'ParticipantMuted':
      return patchParticipant(s, event.data.targetId ?? '', { muted: true });
    case 'ParticipantUnmuted':
      return patchParticipant(s, event.data.targetId ?? '', { muted: false });
    case 'ParticipantRemoved': {
      const id = event.data.targetId ?? '';
      return { ...dropParticipant(s, id), removed: [...s.removed, id] };
    }
    case 'SpeakerPromoted':
      return patchParticipant(s, event.data.targetId ?? '', { role: 'speaker', side: event.data.side });
    case 'SpeakerDemoted': {
      const id = event.data.targetId ?? '';
      return { ...patchParticipant(s, id, { role: 'audience' }), queue: without(s.queue, id) };
    }
    case 'ModeratorAssigned': {
      const id = event.data.targetId ?? '';
      const next = patchParticipant(s, id, { role: 'moderator' });
      return next.moderators.includes(id) ? next : { ...next, moderators: [...next.moderators, id] };
    }
    case 'RoomLocked':
      return { ...s, locked: true };
    case 'RoomUnlocked':
      return { ...s, locked: false };
    case 'MessageHidden': {
      const m = s.messages[event.data.messageId];
      return m ? { ...s, messages: { ...s.messages, [m.messageId]: { ...m, hidden: true } } } : s;
    }
    case 'MessagePosted': {
      const d = event.data;
      return {
        ...s,
        messages: {
          ...s.messages,
          [d.messageId]: { messageId: d.messageId, authorId: d.authorId, kind: d.kind, text: d.text, at: d.at, hidden: false, answered: false },
        },
      };
    }
    case 'QuestionAnswered': {
      const m = s.messages[event.data.messageId];
      return m ? { ...s, messages: { ...s.messages, [m.messageId]: { ...m, answered: true } } } : s;
    }
    case 'VoiceJoined':
      return {
        ...patchParticipant(s, event.data.accountId, { connected: true }),
        voice: { ...s.voice, [event.data.accountId]: event.data.peerId },
      };
    case 'VoiceLeft':
      return { ...patchParticipant(s, event.data.accountId, { connected: false }), voice: omit(s.voice, event.data.accountId) };
    case 'PeerLinkEstablished':
    case 'PeerLinkFailed':
    case 'VoiceRejoinAttempted':
    case 'VoiceRejoinAbandoned':
      // Quality signals only: they feed the voice_quality read model, not the room state.
      return s;
    default: {
      const _exhaustive: never = event;
      throw new Error(`Unknown event ${(_exhaustive as { type: string }).type}`);
    }
  }
}

export const foldEvents = (events: Iterable<DebateEvent>, state: DebateState): DebateState => {
  let s = state;
  for (const e of events) s = evolve(s, e);
  return s;
};

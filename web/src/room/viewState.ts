// The pushed / served DebateView as the DebateState shape the room components read. The view
// carries less than the full fold (the latest visible chat only, no ballots, only the presenter's
// notes); what it lacks is left empty here, never guessed.
import { type DebateState, type DebateView, initialDebateState } from '@booktalk/contracts';

export function viewToState(view: DebateView): DebateState {
  const base = initialDebateState(view.id);
  const presentations: DebateState['presentations'] = view.presentation
    ? { [view.presentation.accountId]: { ...view.presentation, updatedAt: '' } }
    : {};
  return {
    ...base,
    status: view.status,
    hostId: view.hostId,
    title: view.title,
    book: view.book,
    motion: view.motion,
    format: view.format,
    round: view.round,
    moderators: view.moderators,
    locked: view.locked,
    accountsOnly: view.accountsOnly,
    floorControl: view.floorControl,
    invitations: Object.fromEntries(view.invitations.map((i) => [i.accountId, i])),
    queue: view.queue,
    presentations,
    participants: Object.fromEntries(view.participants.map((p, seq) => [p.accountId, { ...p, joinedAt: '', seq }])),
    currentTurn: view.currentTurn
      ? {
          ...view.currentTurn,
          grantedBy: '',
          durationMs: Math.max(1, Date.parse(view.currentTurn.endsAt) - Date.parse(view.currentTurn.startedAt)),
          warningsIssued: [],
        }
      : null,
    votes: Object.fromEntries(view.votes.map((v) => [v.voteId, { ...v, ballots: {} }])),
    messages: Object.fromEntries(view.messages.map((m) => [m.messageId, { ...m, hidden: m.hidden ?? false }])),
    eventCount: view.version + 1,
  };
}

// Preconditions shared by the deciders. A check returns a DomainError or null, so a decider reads
// as a list of checks followed by the events it emits. A lookup returns what it found or the
// refusal; `isDomainError` then narrows the result, so no `!` is needed after it.
import type { ChatMessage, CurrentTurn, DebateState, VoteState } from '@booktalk/contracts';
import type { Actor } from './context.ts';
import { type DomainError, refuse } from './errors.ts';

export const debateExists = (s: DebateState): DomainError | null =>
  s.status === 'none' ? refuse('DEBATE_NOT_FOUND', 'This debate does not exist') : null;

export const notEnded = (s: DebateState): DomainError | null =>
  debateExists(s) ?? (s.status === 'ended' ? refuse('DEBATE_ENDED', 'This debate has ended') : null);

export const isLive = (s: DebateState): DomainError | null =>
  notEnded(s) ?? (s.status !== 'live' ? refuse('DEBATE_NOT_LIVE', 'The debate has not started yet') : null);

export const isModerator = (s: DebateState, actor: Actor): boolean =>
  actor.system === true || s.moderators.includes(actor.accountId);

export const moderator = (s: DebateState, actor: Actor): DomainError | null =>
  debateExists(s) ??
  (isModerator(s, actor) ? null : refuse('NOT_MODERATOR', 'Only a moderator of this debate can do that'));

/** The host or a site admin (the system too): who may take the moderator role back. */
export const hostOrAdmin = (s: DebateState, actor: Actor): DomainError | null =>
  debateExists(s) ??
  (actor.system === true || actor.admin === true || actor.accountId === s.hostId
    ? null
    : refuse('NOT_HOST', 'Only the host or a site admin can do that'));

export const systemOnly = (actor: Actor): DomainError | null =>
  actor.system ? null : refuse('SYSTEM_ONLY', 'Only the timekeeper issues this command');

export const participant = (s: DebateState, accountId: string, who = 'You are'): DomainError | null =>
  debateExists(s) ??
  (s.participants[accountId] ? null : refuse('NOT_PARTICIPANT', `${who} not in this debate`));

export const inRound = (s: DebateState, round: DebateState['round']): DomainError | null =>
  isLive(s) ?? (s.round !== round ? refuse('WRONG_ROUND', `Only possible in the ${round} round (now ${s.round})`) : null);

/** The turn on the floor, or NO_ACTIVE_TURN. */
export const runningTurn = (s: DebateState): CurrentTurn | DomainError =>
  s.currentTurn ?? refuse('NO_ACTIVE_TURN', 'Nobody has the floor');

/** The turn a timer was armed for, while it still runs: a timer for an ended turn is refused. */
export const timedTurn = (s: DebateState, turnNo: number): CurrentTurn | DomainError =>
  s.currentTurn?.turnNo === turnNo ? s.currentTurn : refuse('TURN_NOT_CURRENT', `Turn ${turnNo} is no longer running`);

export const voteOf = (s: DebateState, voteId: string): VoteState | DomainError =>
  s.votes[voteId] ?? refuse('VOTE_NOT_FOUND', `No vote ${voteId}`);

export const messageOf = (s: DebateState, messageId: string): ChatMessage | DomainError =>
  s.messages[messageId] ?? refuse('MESSAGE_NOT_FOUND', `No message ${messageId}`);

/** First refusal among checks, evaluated lazily in order. */
export const firstOf = (...checks: (() => DomainError | null)[]): DomainError | null => {
  for (const check of checks) {
    const error = check();
    if (error) return error;
  }
  return null;
};

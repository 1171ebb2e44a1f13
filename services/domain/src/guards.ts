// Preconditions shared by the deciders. Each returns a DomainError or null, so a decider reads
// as a list of checks followed by the events it emits.
import type { DebateState } from '@booktalk/contracts';
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

export const systemOnly = (actor: Actor): DomainError | null =>
  actor.system ? null : refuse('SYSTEM_ONLY', 'Only the timekeeper issues this command');

export const participant = (s: DebateState, accountId: string, who = 'You are'): DomainError | null =>
  debateExists(s) ??
  (s.participants[accountId] ? null : refuse('NOT_PARTICIPANT', `${who} not in this debate`));

export const inRound = (s: DebateState, round: DebateState['round']): DomainError | null =>
  isLive(s) ?? (s.round !== round ? refuse('WRONG_ROUND', `Only possible in the ${round} round (now ${s.round})`) : null);

/** First refusal among checks, evaluated lazily in order. */
export const firstOf = (...checks: (() => DomainError | null)[]): DomainError | null => {
  for (const check of checks) {
    const error = check();
    if (error) return error;
  }
  return null;
};

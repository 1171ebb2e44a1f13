import type { DebateEvent } from '@booktalk/contracts';
import type { DomainError } from './errors.ts';

export interface Actor {
  accountId: string;
  displayName: string;
  /** The timekeeper and other internal processes; never a browser. */
  system?: boolean;
  /** A guest session (no account): refused by accounts-only rooms. Absent: an account. */
  kind?: 'account' | 'guest';
  /** A site admin (BOOKTALK_ADMINS), as the session's verifier says: may revoke moderators anywhere. */
  admin?: boolean;
}

export interface DecideContext {
  now: Date;
  actor: Actor;
  debateId: string;
  /** The client-generated id of this command; also seeds ids the command creates (chat messages). */
  commandId: string;
}

/** What `decide` returns: the events to append (possibly none) or a refusal. */
export type Decision = DebateEvent[] | DomainError;

export const SYSTEM_ACTOR: Actor = { accountId: 'system', displayName: 'BookTalk', system: true };

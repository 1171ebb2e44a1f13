// Every refusal the domain can give, with a stable code clients can switch on. The kind tells
// the edge which HTTP status fits (403 / 404 / 409 / 422) without the domain knowing HTTP.
export const domainErrorKinds = {
  DEBATE_NOT_FOUND: 'not_found',
  DEBATE_EXISTS: 'conflict',
  NOT_MODERATOR: 'forbidden',
  SYSTEM_ONLY: 'forbidden',
  NOT_HOST: 'forbidden',
  INVALID_STATUS: 'rule',
  DEBATE_NOT_LIVE: 'rule',
  DEBATE_ENDED: 'rule',
  WRONG_ROUND: 'rule',
  NO_NEXT_ROUND: 'rule',
  PRESENTATION_LOCKED: 'rule',
  ALREADY_JOINED: 'rule',
  NOT_PARTICIPANT: 'rule',
  PARTICIPANT_REMOVED: 'forbidden',
  ACCOUNTS_ONLY: 'forbidden',
  ROOM_LOCKED: 'rule',
  ROOM_FULL: 'rule',
  SIDE_REQUIRED: 'rule',
  SIDE_NOT_ALLOWED: 'rule',
  NOT_SPEAKER: 'rule',
  ALREADY_SPEAKER: 'rule',
  HAND_ALREADY_RAISED: 'rule',
  HAND_NOT_RAISED: 'rule',
  ALREADY_SPEAKING: 'rule',
  TURN_IN_PROGRESS: 'rule',
  QUEUE_EMPTY: 'rule',
  NO_ACTIVE_TURN: 'rule',
  NOT_YOUR_TURN: 'rule',
  TURN_NOT_CURRENT: 'rule',
  TURN_NOT_EXPIRED: 'rule',
  WARNING_NOT_DUE: 'rule',
  WARNING_ALREADY_ISSUED: 'rule',
  VOTE_EXISTS: 'rule',
  VOTE_NOT_FOUND: 'rule',
  VOTE_CLOSED: 'rule',
  VOTE_KIND_EXISTS: 'rule',
  VOTE_KIND_NOT_ALLOWED: 'rule',
  VOTE_SIDES_REQUIRED: 'rule',
  VOTE_SIDES_MISMATCH: 'rule',
  VOTE_SIDES_INCOMPLETE: 'rule',
  VOTE_SIDES_NOT_ALLOWED: 'rule',
  INVALID_OPTION: 'rule',
  ALREADY_MUTED: 'rule',
  NOT_MUTED: 'rule',
  CANNOT_TARGET_HOST: 'rule',
  CANNOT_TARGET_SELF: 'rule',
  ALREADY_MODERATOR: 'rule',
  TARGET_NOT_MODERATOR: 'rule',
  ALREADY_LOCKED: 'rule',
  NOT_LOCKED: 'rule',
  ROOM_ACCESS_UNCHANGED: 'rule',
  MUTED: 'rule',
  MESSAGE_NOT_FOUND: 'rule',
  MESSAGE_EXISTS: 'rule',
  ALREADY_HIDDEN: 'rule',
  ALREADY_INVITED: 'rule',
  NOT_INVITED: 'rule',
  NO_REQUEST: 'rule',
  FLOOR_CONTROL_UNCHANGED: 'rule',
  NOT_A_QUESTION: 'rule',
  ALREADY_ANSWERED: 'rule',
  NOT_IN_VOICE: 'rule',
} as const;

export type DomainErrorCode = keyof typeof domainErrorKinds;
export type DomainErrorKind = (typeof domainErrorKinds)[DomainErrorCode];

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = domainErrorKinds[code];
  }
}

export const refuse = (code: DomainErrorCode, message: string): DomainError => new DomainError(code, message);
export const isDomainError = (x: unknown): x is DomainError => x instanceof DomainError;

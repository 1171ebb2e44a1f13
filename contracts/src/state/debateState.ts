// The projected debate state: what the live UI, the replay scrubber and the deciders all read.
// Plain JSON (records and arrays) so the same value travels to the browser unchanged.
import type { Book, Format, Role, Round, Side } from '../events/common.ts';
import type { OptionSide, VoteKind } from '../events/votes.ts';

export type DebateStatus = 'none' | 'scheduled' | 'open' | 'live' | 'ended';

export interface Participant {
  accountId: string;
  displayName: string;
  role: Role;
  side: Side | null;
  muted: boolean;
  /** In the voice mesh right now. */
  connected: boolean;
  joinedAt: string;
  /** Join order; presentation slots follow it. */
  seq: number;
}

export interface CurrentTurn {
  turnNo: number;
  accountId: string;
  side: Side | null;
  kind: 'presentation' | 'open';
  grantedBy: string;
  startedAt: string;
  endsAt: string;
  durationMs: number;
  /** Remaining-time thresholds already announced for this turn (the timekeeper issues each once). */
  warningsIssued: number[];
}

export interface VoteState {
  voteId: string;
  question: string;
  options: string[];
  /** Pre/post votes: the side each option stands for (order of `options`); polls: null. */
  sides: OptionSide[] | null;
  kind: VoteKind;
  /** Who opened it (wrote its question and options); absent in states stored before it was kept. */
  openedBy?: string;
  status: 'open' | 'closed';
  /** accountId → option */
  ballots: Record<string, string>;
  tallies: Record<string, number>;
}

export interface ChatMessage {
  messageId: string;
  authorId: string;
  /** The author's display name when posting: the participant record goes when they leave, the name stays. */
  authorName: string;
  kind: 'chat' | 'question' | 'notice';
  text: string;
  at: string;
  hidden: boolean;
  answered: boolean;
}

/** A moderator's invitation to speak, waiting for the invited person's answer. */
export interface Invitation {
  accountId: string;
  invitedBy: string;
  /** Oxford: the side they would speak for; free format: null. */
  side: Side | null;
  reason: string;
  at: string;
}

export interface Presentation {
  accountId: string;
  content: string;
  pageRefs: number[];
  updatedAt: string;
}

export interface DebateState {
  debateId: string;
  status: DebateStatus;
  hostId: string;
  title: string;
  book: Book | null;
  motion: string;
  format: Format;
  maxMembers: number;
  startAt: string | null;
  turnMs: number;
  presentationMs: number;
  round: Round | null;
  /** PRESENTATION: the slot order (join order of speakers when the round began) and the index of the current slot. */
  presentationOrder: string[];
  presentationIndex: number;
  participants: Record<string, Participant>;
  /** Accounts with moderator rights (the host and those assigned, until revoked or removed), present or not. */
  moderators: string[];
  /** Removed by a moderator: cannot rejoin. */
  removed: string[];
  queue: string[];
  currentTurn: CurrentTurn | null;
  turnCount: number;
  /** Side of the last open-floor turn, so oxford grants alternate. */
  lastSide: Side | null;
  votes: Record<string, VoteState>;
  messages: Record<string, ChatMessage>;
  presentations: Record<string, Presentation>;
  locked: boolean;
  /** Guests may not join (RoomAccessChanged); accounts removed stay out either way (`removed`). */
  accountsOnly: boolean;
  /**
   * Floor control: while the debate is live only the floor holder and moderators are heard
   * (FloorControlChanged; off when never set: a state stored before the field reads it as off).
   */
  floorControl: boolean;
  /** accountId → the pending invitation to speak of that audience member. */
  invitations: Record<string, Invitation>;
  /** accountId → peerId of those in the voice mesh. */
  voice: Record<string, string>;
  joinSeq: number;
  openedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Number of events folded (the stream version + 1). */
  eventCount: number;
}

export const initialDebateState = (debateId = ''): DebateState => ({
  debateId,
  status: 'none',
  hostId: '',
  title: '',
  book: null,
  motion: '',
  format: 'free',
  maxMembers: 0,
  startAt: null,
  turnMs: 0,
  presentationMs: 0,
  round: null,
  presentationOrder: [],
  presentationIndex: -1,
  participants: {},
  moderators: [],
  removed: [],
  queue: [],
  currentTurn: null,
  turnCount: 0,
  lastSide: null,
  votes: {},
  messages: {},
  presentations: {},
  locked: false,
  accountsOnly: false,
  floorControl: false,
  invitations: {},
  voice: {},
  joinSeq: 0,
  openedAt: null,
  startedAt: null,
  endedAt: null,
  eventCount: 0,
});

// The port between the signaling node and its SFU: one room per debate, a publisher leg per
// speaking socket and a subscriber leg per listening socket. The node decides who may do what;
// an adapter (janusStage.ts) only carries it out.
import type { IceCandidate, JsepAnswer, JsepOffer, StageLeg } from '@booktalk/contracts';
import type { z } from 'zod';

export type Candidate = z.infer<typeof IceCandidate>;

/** A publisher in the SFU room: `accountId` is what the node named it after. */
export interface SfuFeed {
  feedId: number;
  accountId: string;
}

/** What the SFU tells the node on its own initiative. */
export interface StageEvents {
  /** The SFU renegotiated a listener's leg by itself (a speaker went away): forward the offer. */
  subscriberOffer(debateId: string, socketId: string, offer: JsepOffer): void;
  /** A publisher's connection came up: the SFU lists its feed (and lets listeners subscribe to it) from now on. */
  publisherUp(debateId: string, feedId: number): void;
  /** A listener's connection came up: its audio flows from the SFU from now on. */
  subscriberUp(debateId: string, socketId: string): void;
  /**
   * The connection to the SFU was lost (every leg with it) or is back. `concerns`: which debates
   * it holds, when it is one of several (a pool); all of them when omitted.
   */
  connection(state: 'live' | 'reconnecting', concerns?: (debateId: string) => boolean): void;
}

export interface StageController {
  /** The debate's room exists afterwards (created on first use; idempotent). */
  createRoom(debateId: string): Promise<void>;
  /** The debate's room and every leg in it are gone afterwards (idempotent). */
  destroyRoom(debateId: string): Promise<void>;
  /** Publishes the socket's audio (a new feed; an earlier one of the socket is replaced). */
  publish(debateId: string, socketId: string, accountId: string, offer: JsepOffer): Promise<{ feedId: number; answer: JsepAnswer }>;
  /**
   * Makes the socket's subscriber leg carry at least these feeds (joins on first use, then adds
   * the missing ones); the SFU's offer when it changed, null when nothing needed to change.
   */
  subscribe(debateId: string, socketId: string, feedIds: number[]): Promise<JsepOffer | null>;
  /** The listener's answer to the latest offer. */
  start(debateId: string, socketId: string, answer: JsepAnswer): Promise<void>;
  trickle(debateId: string, socketId: string, leg: StageLeg, candidate: Candidate | null): Promise<void>;
  /** Stops (or resumes) forwarding the feed's audio to every listener, at the SFU. */
  muteFeed(debateId: string, feedId: number, muted: boolean): Promise<void>;
  /** Removes the publisher from the room; listeners are renegotiated without it. */
  kickFeed(debateId: string, feedId: number): Promise<void>;
  listFeeds(debateId: string): Promise<SfuFeed[]>;
  /** Which m-line of the socket's subscriber leg carries which feed (feedId → mid); empty without a leg. */
  midsOf(debateId: string, socketId: string): Map<number, string>;
  /** Does the socket hold this leg (in that debate)? */
  has(debateId: string, socketId: string, leg: StageLeg): boolean;
  /** Hangs up the socket's legs in that debate (both when `leg` is omitted). */
  leave(debateId: string, socketId: string, leg?: StageLeg): Promise<void>;
  /** Where the SFU's own events go (set once by the node). */
  listen(events: StageEvents): void;
  close(): Promise<void>;
}

/** Why the SFU refused (carried to the client as STAGE_UNAVAILABLE / NOT_ON_STAGE). */
export class SfuError extends Error {
  /** Makes the socket's error mapping pass the code through as a refusal (not a fault). */
  readonly kind = 'sfu';
  constructor(
    readonly op: string,
    message: string,
    readonly code: 'STAGE_UNAVAILABLE' | 'NOT_ON_STAGE' = 'STAGE_UNAVAILABLE',
  ) {
    super(message);
    this.name = 'SfuError';
  }
}

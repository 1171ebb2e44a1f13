// The socket.io messages the web app speaks: the signaling node's schemas from
// @booktalk/contracts (contracts/src/socket), gathered as the two directions the client needs.
import {
  AckError,
  AckOk,
  type C_COMMAND,
  type C_ROOM_SUBSCRIBE,
  type C_ROOM_UNSUBSCRIBE,
  type C_VOICE_ANSWER,
  type C_VOICE_ICE_CANDIDATE,
  type C_VOICE_JOIN,
  type C_VOICE_LEAVE,
  type C_VOICE_LINK,
  type C_VOICE_OFFER,
  type C_STAGE_LEAVE,
  type C_STAGE_PUBLISH,
  type C_STAGE_START,
  type C_STAGE_SUBSCRIBE,
  type C_STAGE_TRICKLE,
  S_DEBATE_STATE,
  S_STAGE_FEEDS,
  S_STAGE_STATE,
  S_VOICE_MODE,
  S_REMOVED,
  S_ROLE_CHANGED,
  S_SESSION_REPLACED,
  S_SESSION_REVOKED,
  S_VOICE_ANSWER,
  S_VOICE_ICE_CANDIDATE,
  S_VOICE_JOIN,
  S_VOICE_LEAVE,
  S_VOICE_MUTED,
  S_VOICE_OFFER,
} from '@booktalk/contracts';
import { z } from 'zod';

export type IceCandidate = C_VOICE_ICE_CANDIDATE['candidate'];
export type VoiceLink = C_VOICE_LINK;

export const Ack = z.union([AckOk, AckError]);
export type Ack = z.infer<typeof Ack>;

/** Server → client events and their payload schemas. */
export const serverEvents = {
  S_DEBATE_STATE,
  S_VOICE_JOIN,
  S_VOICE_LEAVE,
  S_VOICE_OFFER,
  S_VOICE_ANSWER,
  S_VOICE_ICE_CANDIDATE,
  S_VOICE_MUTED,
  S_ROLE_CHANGED,
  S_REMOVED,
  S_SESSION_REPLACED,
  S_SESSION_REVOKED,
  S_STAGE_FEEDS,
  S_STAGE_STATE,
  S_VOICE_MODE,
} as const;
export type ServerEventName = keyof typeof serverEvents;
export type ServerPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;

/** Client → server events (each answered with an Ack). */
export interface ClientPayloads {
  C_ROOM_SUBSCRIBE: C_ROOM_SUBSCRIBE;
  C_ROOM_UNSUBSCRIBE: C_ROOM_UNSUBSCRIBE;
  C_COMMAND: C_COMMAND;
  C_VOICE_JOIN: C_VOICE_JOIN;
  C_VOICE_LEAVE: C_VOICE_LEAVE;
  C_VOICE_OFFER: C_VOICE_OFFER;
  C_VOICE_ANSWER: C_VOICE_ANSWER;
  C_VOICE_ICE_CANDIDATE: C_VOICE_ICE_CANDIDATE;
  C_VOICE_LINK: C_VOICE_LINK;
  C_STAGE_PUBLISH: C_STAGE_PUBLISH;
  C_STAGE_SUBSCRIBE: C_STAGE_SUBSCRIBE;
  C_STAGE_START: C_STAGE_START;
  C_STAGE_TRICKLE: C_STAGE_TRICKLE;
  C_STAGE_LEAVE: C_STAGE_LEAVE;
}
export type ClientEventName = keyof ClientPayloads;

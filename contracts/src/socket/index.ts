// Socket messages (C_* client → server, S_* server → client) and the catalog of client events,
// so the node and its tests validate every event with the same schema.
import type { z } from 'zod';
import { C_COMMAND } from './command.ts';
import { C_ROOM_SUBSCRIBE, C_ROOM_UNSUBSCRIBE } from './room.ts';
import { C_STAGE_LEAVE, C_STAGE_PUBLISH, C_STAGE_START, C_STAGE_SUBSCRIBE, C_STAGE_TRICKLE } from './stage.ts';
import { C_VOICE_ANSWER, C_VOICE_ICE_CANDIDATE, C_VOICE_JOIN, C_VOICE_LEAVE, C_VOICE_LINK, C_VOICE_OFFER } from './voice.ts';

export * from './command.ts';
export * from './room.ts';
export * from './session.ts';
export * from './stage.ts';
export * from './voice.ts';
export * from './voiceMode.ts';

export const clientEvents = {
  C_ROOM_SUBSCRIBE,
  C_ROOM_UNSUBSCRIBE,
  C_COMMAND,
  C_VOICE_JOIN,
  C_VOICE_LEAVE,
  C_VOICE_OFFER,
  C_VOICE_ANSWER,
  C_VOICE_ICE_CANDIDATE,
  C_VOICE_LINK,
  C_STAGE_PUBLISH,
  C_STAGE_SUBSCRIBE,
  C_STAGE_START,
  C_STAGE_TRICKLE,
  C_STAGE_LEAVE,
} as const satisfies Record<string, z.ZodType>;
export type ClientEventName = keyof typeof clientEvents;
export type ClientEventPayload<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]>;
export const clientEventNames = Object.keys(clientEvents) as ClientEventName[];

export const serverEventNames = [
  'S_DEBATE_STATE',
  'S_VOICE_JOIN',
  'S_VOICE_OFFER',
  'S_VOICE_ANSWER',
  'S_VOICE_ICE_CANDIDATE',
  'S_VOICE_LEAVE',
  'S_VOICE_MUTED',
  'S_ROLE_CHANGED',
  'S_REMOVED',
  'S_SESSION_REPLACED',
  'S_SESSION_REVOKED',
  'S_STAGE_FEEDS',
  'S_STAGE_STATE',
  'S_VOICE_MODE',
] as const;
export type ServerEventName = (typeof serverEventNames)[number];

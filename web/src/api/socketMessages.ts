// The socket.io messages the web app speaks (the signaling protocol of the server README).
// Kept here until the signaling node's schemas land in @booktalk/contracts; then this file
// re-exports those and the rest of the app does not change.
import { ApiError } from '@booktalk/contracts';
import { z } from 'zod';

const id = z.string().min(1).max(64);
export const IceCandidate = z.object({
  candidate: z.string(),
  sdpMid: z.string().nullable().optional(),
  sdpMLineIndex: z.number().int().nullable().optional(),
  usernameFragment: z.string().nullable().optional(),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

export const DebateStatePush = z.object({ debateId: id, position: z.string().regex(/^\d+$/), state: z.unknown() });
export const VoicePresence = z.object({ debateId: id, accountId: id });
export const VoiceDescription = z.object({ debateId: id, fromId: id, toId: id, sdp: z.string().max(200_000) });
export const VoiceCandidate = z.object({ debateId: id, fromId: id, toId: id, candidate: IceCandidate });
export const VoiceLink = z.object({
  debateId: id,
  peerId: id,
  outcome: z.enum(['established', 'failed']),
  connectMs: z.number().int().nonnegative().optional(),
  attempt: z.number().int().min(1).max(5),
  candidateType: z.enum(['host', 'srflx', 'prflx', 'relay']).optional(),
});
export type VoiceLink = z.infer<typeof VoiceLink>;

export const Ack = z.union([z.object({ ok: z.literal(true) }).loose(), z.object({ ok: z.literal(false), error: ApiError })]);
export type Ack = z.infer<typeof Ack>;

/** Server → client events and their payload schemas. */
export const serverEvents = {
  S_DEBATE_STATE: DebateStatePush,
  S_VOICE_JOIN: VoicePresence,
  S_VOICE_LEAVE: VoicePresence,
  S_VOICE_OFFER: VoiceDescription,
  S_VOICE_ANSWER: VoiceDescription,
  S_VOICE_ICE_CANDIDATE: VoiceCandidate,
  S_SESSION_REPLACED: z.object({}).loose(),
} as const;
export type ServerEventName = keyof typeof serverEvents;
export type ServerPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;

/** Client → server events (each answered with an Ack). */
export interface ClientPayloads {
  C_ROOM_SUBSCRIBE: { debateId: string };
  C_ROOM_UNSUBSCRIBE: { debateId: string };
  C_COMMAND: { debateId: string; commandId: string; type: string; data: unknown };
  C_VOICE_JOIN: z.infer<typeof VoicePresence>;
  C_VOICE_LEAVE: z.infer<typeof VoicePresence>;
  C_VOICE_OFFER: z.infer<typeof VoiceDescription>;
  C_VOICE_ANSWER: z.infer<typeof VoiceDescription>;
  C_VOICE_ICE_CANDIDATE: z.infer<typeof VoiceCandidate>;
  C_VOICE_LINK: VoiceLink;
}
export type ClientEventName = keyof ClientPayloads;

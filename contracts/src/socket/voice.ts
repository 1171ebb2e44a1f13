// The voice mesh's signaling, relayed by the node between members of one debate's voice room.
// SDP and ICE payloads pass through and are never stored.
import { z } from 'zod';
import { Role } from '../events/common.ts';
import { CandidateType, PeerId } from '../events/voice.ts';
import { AccountId, DebateId } from '../ids.ts';
import { VoiceMode } from './voiceMode.ts';

/** Upper bounds far above real SDP (a few KB) and candidates (~200 B), well under the 1 MB frame. */
export const MAX_SDP_CHARS = 64_000;
export const MAX_CANDIDATE_CHARS = 2_048;

/** Enter the voice room (also every reconnect and recovery). `rejoinAttempt` (1-5) marks a retry after a failure. */
export const C_VOICE_JOIN = z.strictObject({
  debateId: DebateId,
  accountId: AccountId,
  rejoinAttempt: z.number().int().min(1).max(5).optional(),
});
export type C_VOICE_JOIN = z.infer<typeof C_VOICE_JOIN>;
/**
 * Leave the voice room. `gaveUpAfter` (1-5): the client leaves because its rejoins ran out after
 * that many attempts (recorded as VoiceRejoinAbandoned, then VoiceLeft with reason `failed`).
 */
export const C_VOICE_LEAVE = z.strictObject({ debateId: DebateId, gaveUpAfter: z.number().int().min(1).max(5).optional() });
export type C_VOICE_LEAVE = z.infer<typeof C_VOICE_LEAVE>;

const relay = { debateId: DebateId, fromId: AccountId, toId: AccountId };
export const C_VOICE_OFFER = z.strictObject({ ...relay, sdp: z.string().min(1).max(MAX_SDP_CHARS) });
export type C_VOICE_OFFER = z.infer<typeof C_VOICE_OFFER>;
export const C_VOICE_ANSWER = z.strictObject({ ...relay, sdp: z.string().min(1).max(MAX_SDP_CHARS) });
export type C_VOICE_ANSWER = z.infer<typeof C_VOICE_ANSWER>;
/** `candidate` is RTCIceCandidate.toJSON(). */
export const IceCandidate = z.strictObject({
  candidate: z.string().max(MAX_CANDIDATE_CHARS),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export const C_VOICE_ICE_CANDIDATE = z.strictObject({ ...relay, candidate: IceCandidate });
export type C_VOICE_ICE_CANDIDATE = z.infer<typeof C_VOICE_ICE_CANDIDATE>;

/** How a link to one peer fared; recorded as PeerLinkEstablished / PeerLinkFailed. */
export const C_VOICE_LINK = z.strictObject({
  debateId: DebateId,
  peerId: AccountId,
  outcome: z.enum(['connected', 'failed']),
  connectMs: z.number().int().nonnegative().max(600_000).optional(),
  attempt: z.number().int().min(1).max(5),
  candidateType: CandidateType.optional(),
});
export type C_VOICE_LINK = z.infer<typeof C_VOICE_LINK>;

export const VoicePeer = z.object({ accountId: AccountId, displayName: z.string() });
export type VoicePeer = z.infer<typeof VoicePeer>;
/** The joiner's ack: who was in the voice room already (the joiner makes no offers; they do). */
export const VoiceJoinAck = z.object({ ok: z.literal(true), debateId: DebateId, peerId: PeerId, peers: z.array(VoicePeer) });
export type VoiceJoinAck = z.infer<typeof VoiceJoinAck>;

// Server → client
/**
 * `transport`: how the joiner receives audio. `stage`: a listener fed by the SFU, to whom no
 * speaker opens a link; absent or `mesh`: the peers already there offer to it.
 */
export const S_VOICE_JOIN = z.object({ debateId: DebateId, accountId: AccountId, displayName: z.string(), transport: VoiceMode.optional() });
export type S_VOICE_JOIN = z.infer<typeof S_VOICE_JOIN>;
export const S_VOICE_OFFER = C_VOICE_OFFER;
export type S_VOICE_OFFER = C_VOICE_OFFER;
export const S_VOICE_ANSWER = C_VOICE_ANSWER;
export type S_VOICE_ANSWER = C_VOICE_ANSWER;
export const S_VOICE_ICE_CANDIDATE = C_VOICE_ICE_CANDIDATE;
export type S_VOICE_ICE_CANDIDATE = C_VOICE_ICE_CANDIDATE;
/**
 * `failed`: its rejoins ran out (C_VOICE_LEAVE with gaveUpAfter). `stage`: a listener now hears
 * the speakers through the SFU: drop the mesh link to it; it stays in the voice room.
 */
export const VoiceLeaveReason = z.enum(['left', 'disconnected', 'removed', 'replaced', 'failed', 'stage']);
export const S_VOICE_LEAVE = z.object({ debateId: DebateId, accountId: AccountId, reason: VoiceLeaveReason });
export type S_VOICE_LEAVE = z.infer<typeof S_VOICE_LEAVE>;

// Moderation reaching voice (from the projected state; the client also sees it in S_DEBATE_STATE)
export const S_VOICE_MUTED = z.object({ debateId: DebateId, accountId: AccountId, muted: z.boolean() });
export type S_VOICE_MUTED = z.infer<typeof S_VOICE_MUTED>;
export const S_ROLE_CHANGED = z.object({ debateId: DebateId, accountId: AccountId, role: Role });
export type S_ROLE_CHANGED = z.infer<typeof S_ROLE_CHANGED>;
/** To the removed participant; their relays stop and they are out of the voice room. */
export const S_REMOVED = z.object({ debateId: DebateId, accountId: AccountId });
export type S_REMOVED = z.infer<typeof S_REMOVED>;

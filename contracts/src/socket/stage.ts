// Stage mode: speakers publish to the debate's SFU room and listeners receive every speaker
// through one peer connection from it. The node speaks to the SFU on the client's behalf; only
// the SDP (JSEP) and ICE candidates ride these messages, and they are never stored.
import { z } from 'zod';
import { AccountId, DebateId } from '../ids.ts';
import { IceCandidate, MAX_SDP_CHARS } from './voice.ts';

const Sdp = z.string().min(1).max(MAX_SDP_CHARS);
export const JsepOffer = z.strictObject({ type: z.literal('offer'), sdp: Sdp });
export type JsepOffer = z.infer<typeof JsepOffer>;
export const JsepAnswer = z.strictObject({ type: z.literal('answer'), sdp: Sdp });
export type JsepAnswer = z.infer<typeof JsepAnswer>;

/**
 * One speaker's audio in the SFU room. `feedId` is the SFU's id of the publisher; `mid`, in what a
 * listener is sent, is the m-line of its connection that carries this feed (absent before the SFU
 * has placed it).
 */
export const StageFeed = z.object({ feedId: z.number().int().positive(), accountId: AccountId, displayName: z.string(), muted: z.boolean(), mid: z.string().max(64).optional() });
export type StageFeed = z.infer<typeof StageFeed>;

/** Which of the socket's two SFU connections a candidate belongs to. */
export const StageLeg = z.enum(['publisher', 'subscriber']);
export type StageLeg = z.infer<typeof StageLeg>;

/**
 * Codes of stage refusals (besides VALIDATION_FAILED, DEBATE_NOT_FOUND, NOT_PARTICIPANT,
 * PARTICIPANT_REMOVED, which keep their meaning).
 */
export const StageErrorCode = z.enum([
  'STAGE_OFF', // this node has no SFU configured (mesh only)
  'NOT_SPEAKER', // only speakers publish; audience members listen
  'SPEAKER_MUTED', // a muted speaker cannot (re)publish until unmuted
  'NOT_ON_STAGE', // start / trickle without a matching publish or subscribe
  'STAGE_UNAVAILABLE', // the SFU refused or is unreachable: retry after S_STAGE_STATE live
]);
export type StageErrorCode = z.infer<typeof StageErrorCode>;

// Client → server (each with an ack)

/** A speaker offers its audio; the ack carries the SFU's answer. */
export const C_STAGE_PUBLISH = z.strictObject({ debateId: DebateId, jsep: JsepOffer });
export type C_STAGE_PUBLISH = z.infer<typeof C_STAGE_PUBLISH>;
export const StagePublishAck = z.object({ ok: z.literal(true), debateId: DebateId, feedId: z.number().int().positive(), jsep: JsepAnswer });
export type StagePublishAck = z.infer<typeof StagePublishAck>;

/** A listener asks for every current speaker; the ack carries the SFU's offer (null while nobody publishes). */
export const C_STAGE_SUBSCRIBE = z.strictObject({ debateId: DebateId });
export type C_STAGE_SUBSCRIBE = z.infer<typeof C_STAGE_SUBSCRIBE>;
export const StageSubscribeAck = z.object({ ok: z.literal(true), debateId: DebateId, jsep: JsepOffer.nullable(), feeds: z.array(StageFeed) });
export type StageSubscribeAck = z.infer<typeof StageSubscribeAck>;

/** The listener's answer to the latest offer (from the subscribe ack or an S_STAGE_FEEDS). */
export const C_STAGE_START = z.strictObject({ debateId: DebateId, jsep: JsepAnswer });
export type C_STAGE_START = z.infer<typeof C_STAGE_START>;

/** A local ICE candidate for one leg; `candidate: null` = gathering completed. */
export const C_STAGE_TRICKLE = z.strictObject({ debateId: DebateId, leg: StageLeg, candidate: IceCandidate.nullable() });
export type C_STAGE_TRICKLE = z.infer<typeof C_STAGE_TRICKLE>;

/** Stops publishing and / or listening in that debate (both when `leg` is omitted). */
export const C_STAGE_LEAVE = z.strictObject({ debateId: DebateId, leg: StageLeg.optional() });
export type C_STAGE_LEAVE = z.infer<typeof C_STAGE_LEAVE>;

// Server → client

/**
 * The speakers a listener receives changed (published, unpublished, muted, kicked). With `jsep`
 * the SFU renegotiates: answer it with C_STAGE_START.
 */
export const S_STAGE_FEEDS = z.object({ debateId: DebateId, feeds: z.array(StageFeed), jsep: JsepOffer.optional() });
export type S_STAGE_FEEDS = z.infer<typeof S_STAGE_FEEDS>;

/**
 * The SFU as this node sees it: `live`, `reconnecting` (lost; the node retries by itself) or
 * `off` (the debate's room is gone: the debate ended). After `reconnecting` → `live` the old
 * SFU connections are gone: publish / subscribe again.
 */
export const StageState = z.enum(['live', 'reconnecting', 'off']);
export type StageState = z.infer<typeof StageState>;
export const S_STAGE_STATE = z.object({ debateId: DebateId, state: StageState });
export type S_STAGE_STATE = z.infer<typeof S_STAGE_STATE>;

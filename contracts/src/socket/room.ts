// The live side of CQRS over the socket: subscribing to a debate's projected state.
import { z } from 'zod';
import { DebateId } from '../ids.ts';
import { DebateView } from '../state/view.ts';

/** Global positions travel as decimal strings (bigints). */
const Position = z.string().regex(/^\d+$/);

export const C_ROOM_SUBSCRIBE = z.strictObject({ debateId: DebateId });
export type C_ROOM_SUBSCRIBE = z.infer<typeof C_ROOM_SUBSCRIBE>;
export const C_ROOM_UNSUBSCRIBE = z.strictObject({ debateId: DebateId });
export type C_ROOM_UNSUBSCRIBE = z.infer<typeof C_ROOM_UNSUBSCRIBE>;

/**
 * The debate's projected state at `position`: first as the snapshot after C_ROOM_SUBSCRIBE, then
 * after every committed change. Positions only increase per socket; a gap is healed by
 * subscribing again (a fresh snapshot).
 */
export const S_DEBATE_STATE = z.object({ debateId: DebateId, position: Position, state: DebateView });
export type S_DEBATE_STATE = z.infer<typeof S_DEBATE_STATE>;

export const RoomSubscribeAck = z.object({ ok: z.literal(true), debateId: DebateId, position: Position });
export type RoomSubscribeAck = z.infer<typeof RoomSubscribeAck>;

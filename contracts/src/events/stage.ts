// Stage-mode lifecycle (speakers publishing to the SFU, listeners fed by it, the SFU failing),
// recorded by the signaling node like the rest of the voice lifecycle. JSEP is never stored.
import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { IsoTime, message } from './common.ts';

/** The SFU's id of a publisher (a positive integer below 2^53). */
export const FeedId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Node = z.string().min(1).max(128);

export const StagePublished = message('StagePublished', z.object({ accountId: AccountId, feedId: FeedId, node: Node, at: IsoTime }));
export const StageUnpublishReason = z.enum(['left', 'kicked', 'disconnected', 'sfu_lost']);
export const StageUnpublished = message(
  'StageUnpublished',
  z.object({ accountId: AccountId, feedId: FeedId, reason: StageUnpublishReason, at: IsoTime }),
);
export const StageListenerSubscribed = message('StageListenerSubscribed', z.object({ accountId: AccountId, node: Node, at: IsoTime }));
export const StageListenerReason = z.enum(['left', 'disconnected', 'sfu_lost']);
export const StageListenerLeft = message('StageListenerLeft', z.object({ accountId: AccountId, reason: StageListenerReason, at: IsoTime }));
/** The node lost its SFU (or a request to it failed) while it held this debate's stage. */
export const StageSfuFailed = message('StageSfuFailed', z.object({ node: Node, op: z.string().min(1).max(64), at: IsoTime }));

import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { IsoTime, Side, message } from './common.ts';

/** Turns are numbered per debate so timers can name exactly the turn they were armed for. */
export const TurnNo = z.number().int().positive();

export const TurnRequested = message(
  'TurnRequested',
  z.object({ accountId: AccountId, side: Side.nullable(), at: IsoTime }),
);
export const TurnRequestWithdrawn = message(
  'TurnRequestWithdrawn',
  z.object({ accountId: AccountId, at: IsoTime }),
);
export const TurnGranted = message(
  'TurnGranted',
  z.object({
    turnNo: TurnNo,
    speaker: AccountId,
    side: Side.nullable(),
    kind: z.enum(['presentation', 'open']),
    durationMs: z.number().int().positive(),
    grantedBy: AccountId,
    startedAt: IsoTime,
    endsAt: IsoTime,
  }),
);
export const TurnWarningIssued = message(
  'TurnWarningIssued',
  z.object({ turnNo: TurnNo, speaker: AccountId, remainingMs: z.number().int().nonnegative(), at: IsoTime }),
);
export const TurnExtended = message(
  'TurnExtended',
  z.object({ turnNo: TurnNo, speaker: AccountId, byMs: z.number().int().positive(), endsAt: IsoTime, extendedBy: AccountId, at: IsoTime }),
);
export const TurnEndReason = z.enum(['yielded', 'expired', 'moderator', 'left']);
export type TurnEndReason = z.infer<typeof TurnEndReason>;
export const TurnEnded = message(
  'TurnEnded',
  z.object({
    turnNo: TurnNo,
    speaker: AccountId,
    reason: TurnEndReason,
    /** The moderator, for reason `moderator` (audited); otherwise the actor or `system`. */
    endedBy: AccountId,
    /** Floor time of the whole turn and the part of it past the granted duration. */
    spokeMs: z.number().int().nonnegative(),
    overtimeMs: z.number().int().nonnegative(),
    at: IsoTime,
  }),
);

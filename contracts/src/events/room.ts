import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { IsoTime, Role, Side, message } from './common.ts';

export const ParticipantJoined = message(
  'ParticipantJoined',
  z.object({
    accountId: AccountId,
    displayName: z.string(),
    role: Role,
    side: Side.nullable(),
    at: IsoTime,
  }),
);
export const ParticipantLeft = message(
  'ParticipantLeft',
  z.object({ accountId: AccountId, reason: z.enum(['left', 'disconnected']), at: IsoTime }),
);

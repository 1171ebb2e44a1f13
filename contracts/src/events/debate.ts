import { z } from 'zod';
import { AccountId, DebateId } from '../ids.ts';
import { Book, Format, IsoTime, Round, message } from './common.ts';

export const DebateScheduled = message(
  'DebateScheduled',
  z.object({
    debateId: DebateId,
    hostId: AccountId,
    /** The host's display name when scheduling (v2): the timeline names them before they join. */
    hostName: z.string(),
    title: z.string(),
    book: Book,
    motion: z.string(),
    format: Format,
    maxMembers: z.number().int().positive(),
    startAt: IsoTime.nullable(),
    turnMs: z.number().int().positive(),
    presentationMs: z.number().int().positive(),
    /**
     * Floor control from the start (FloorControlChanged changes it later). Written on every new
     * debate; absent in those scheduled before it existed, which the fold reads as off (as they ran).
     */
    floorControl: z.boolean().optional().describe('only the floor holder and moderators heard while live; absent (older events): off'),
    at: IsoTime,
  }),
);
export const DebateOpened = message('DebateOpened', z.object({ by: AccountId, at: IsoTime }));
export const DebateStarted = message('DebateStarted', z.object({ by: AccountId, at: IsoTime }));
export const RoundStarted = message(
  'RoundStarted',
  z.object({
    round: Round,
    /** PRESENTATION only: the speakers in join order, one slot each. */
    order: z.array(AccountId).default([]),
    by: AccountId,
    at: IsoTime,
  }),
);
export const PresentationUpdated = message(
  'PresentationUpdated',
  z.object({
    accountId: AccountId,
    content: z.string(),
    /** Page numbers cited in the notes ("p. 12", "pp. 40-42"), extracted when written. */
    pageRefs: z.array(z.number().int().positive()),
    at: IsoTime,
  }),
);
export const DebateEnded = message('DebateEnded', z.object({ by: AccountId, at: IsoTime }));

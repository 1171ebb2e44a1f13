import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { IsoTime, message } from './common.ts';

export const VoteId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -');
export const VoteKind = z.enum(['pre', 'post', 'poll']);
export type VoteKind = z.infer<typeof VoteKind>;
export const VoteOption = z.string().trim().min(1).max(100);
/**
 * The side of the motion an option of a pre or post vote stands for. Declared by whoever opens
 * the vote, so an option counts the same in any language ("찬성" is as much `pro` as "For").
 */
export const OptionSide = z.enum(['pro', 'con', 'undecided']);
export type OptionSide = z.infer<typeof OptionSide>;

export const VoteOpened = message(
  'VoteOpened',
  z.object({
    voteId: VoteId,
    question: z.string(),
    options: z.array(VoteOption),
    sides: z
      .array(OptionSide)
      .nullable()
      .describe('pre/post votes: the side each option stands for, in the order of `options` (v2); polls: null'),
    kind: VoteKind,
    openedBy: AccountId,
    at: IsoTime,
  }),
);
/**
 * Who wrote the options a ballot or a close names: the vote's opener. The option texts are that
 * person's words, so an erasure of the opener takes them here too, consistently with VoteOpened
 * (services/accounts/src/erasure/personalData.ts). Absent on events written before it existed.
 */
const OptionsBy = AccountId.optional();
export const VoteCast = message(
  'VoteCast',
  z.object({ voteId: VoteId, accountId: AccountId, option: VoteOption, optionsBy: OptionsBy, at: IsoTime }),
);
export const VoteChanged = message(
  'VoteChanged',
  z.object({ voteId: VoteId, accountId: AccountId, from: VoteOption, to: VoteOption, optionsBy: OptionsBy, at: IsoTime }),
);
export const VoteClosed = message(
  'VoteClosed',
  z.object({
    voteId: VoteId,
    closedBy: AccountId,
    tallies: z.record(z.string(), z.number().int().nonnegative()),
    optionsBy: OptionsBy,
    at: IsoTime,
  }),
);
